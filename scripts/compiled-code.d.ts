// Types of scripts/compiled-code.js, which is plain JavaScript because it runs before anything is compiled.
export declare const PROJECT_ROOT: string;
export declare const DIST_DIR: string;
export declare const STAMP_FILE: string;
/** zod as one file (scripts/vendored-zod.js), relative to the compiled folder. */
export declare const VENDORED_ZOD: string;
/** The SHA-256 (hex) of the sources dist/ is compiled from. */
export declare function sourceDigest(root?: string): string;
/** Whether dist/ was compiled from the sources as they are now. */
export declare function compiledState(root?: string): { fresh: true } | { fresh: false; reason: string };
/** Compiles the sources into a folder with tsc, and stamps it with their digest. */
export declare function compile(options: { root?: string; outDir: string }): void;
/** Compiles into dist/ when it does not match the sources; returns whether it compiled. */
export declare function compileIfStale(root?: string): boolean;
