import demoKeys from "../../demo/demo-keys.json" with { type: "json" };

/**
 * Fingerprints of the demo keys whose private halves ship in `demo/private-keys/`. Anyone can decrypt
 * what is sent to them, so the build refuses them unless `site.yaml` says `demo: true`.
 * A test keeps `demo/demo-keys.json` equal to the keys in that folder.
 */
export const DEMO_KEY_FINGERPRINTS: ReadonlySet<string> = new Set(
  demoKeys.map((key) => key.fingerprint.toUpperCase()),
);
