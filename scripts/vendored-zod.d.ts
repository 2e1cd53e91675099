// Types of scripts/vendored-zod.js, which is plain JavaScript because it runs before anything is compiled.
/** Bundles zod into one ES module, with zod's list of translations (`z.locales`) left empty. */
export declare function bundleZod(options: { root: string; outfile: string }): Promise<void>;
