import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.doUnmock("../../src/client/seal-report.ts");
  vi.resetModules();
});

describe("loadSealer", () => {
  it("loads the OpenPGP code once per page: every call gets the same module", async () => {
    const { loadSealer } = await import("../../src/client/load-sealer.ts");
    const first = loadSealer();
    expect(loadSealer()).toBe(first);
    expect(typeof (await first).sealReport).toBe("function");
  });

  it("tries again after a failed download instead of keeping the failure", async () => {
    let attempts = 0;
    vi.doMock("../../src/client/seal-report.ts", () => {
      attempts++;
      if (attempts === 1) throw new Error("offline for a moment");
      return { sealReport: () => "sealed" };
    });
    const { loadSealer, startLoadingSealer } = await import("../../src/client/load-sealer.ts");
    // The first focus starts the download; its failure is not an unhandled rejection.
    startLoadingSealer();
    await expect(loadSealer()).rejects.toThrow();
    vi.resetModules();
    expect((await loadSealer()).sealReport).toBeTypeOf("function");
    expect(attempts).toBe(2);
  });
});
