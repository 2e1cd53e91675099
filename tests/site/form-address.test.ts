import { describe, expect, it } from "vitest";
import { formEndpointProblem, formIdProblem } from "../../src/site/form-address.ts";

describe("formIdProblem", () => {
  it("passes Formspree's ids", () => {
    for (const id of ["xdemoform", "mzbnqwer", "team-inbox_2"]) expect(formIdProblem(id), id).toBeNull();
  });

  it("issue 14: finds the id in a whole form address pasted as the id, and refuses anything else that is no id", () => {
    expect(formIdProblem("https://formspree.io/f/xdemoform")).toEqual({
      message:
        '"https://formspree.io/f/xdemoform" is the form\'s whole address; only its last part is the id.',
      fix: "Write just the id: xdemoform",
    });
    expect(formIdProblem("xdemo form")?.message).toBe(
      '"xdemo form" is not a form id: the form would post to an address that does not exist, and every report would fail.',
    );
    expect(formIdProblem("xdemo form")?.fix).toMatch(/https:\/\/formspree\.io\/f\/<id>/);
  });
});

describe("formEndpointProblem", () => {
  it("passes a service's address, the local inbox and a hook under a path", () => {
    for (const endpoint of ["https://formspree.io", "http://localhost:8080", "https://conf.example/api"])
      expect(formEndpointProblem(endpoint), endpoint).toBeNull();
  });

  it("issue 14: refuses one form's address as the endpoint, with the endpoint and the id to write", () => {
    expect(formEndpointProblem("https://formspree.io/f/xdemoform")).toEqual({
      message:
        "\"https://formspree.io/f/xdemoform\" is the address of one form; the endpoint is the service's address, and the form's id goes in id:.",
      fix: "Write `endpoint: https://formspree.io` and `id: xdemoform`.",
    });
  });

  it("refuses http:// off this computer, where an https:// page cannot post, and takes it on loopback", () => {
    for (const local of ["http://127.0.0.1:8081", "http://[::1]:8081"])
      expect(formEndpointProblem(local), local).toBeNull();
    expect(formEndpointProblem("http://forms.example.org")).toEqual({
      message: expect.stringMatching(/^an endpoint on the web must start with https:\/\//),
      fix: expect.stringContaining("http:// is only for an inbox on this computer"),
    });
  });
});
