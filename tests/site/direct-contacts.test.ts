import { describe, expect, it } from "vitest";
import { directContactsOf } from "../../src/site/direct-contacts.ts";
import { exampleContent } from "../helpers/content-folder.ts";

const [english] = (await exampleContent()).languages;
if (!english) throw new Error("the example has no language");

describe("directContactsOf", () => {
  it("lists the responders who give an email or a phone, in roster order, linked to their pages", () => {
    expect(directContactsOf(english)).toEqual([
      {
        name: "Adaeze Okafor",
        role: expect.any(String),
        email: "ada@tidewater.example",
        phone: null,
        url: null,
        responderId: "ada",
      },
      {
        name: "Tomás Rivera",
        role: expect.any(String),
        email: "tomas@tidewater.example",
        phone: null,
        url: null,
        responderId: "tomas",
      },
      {
        name: "Mei Lin Chen",
        role: expect.any(String),
        email: "mei@tidewater.example",
        phone: null,
        url: null,
        responderId: "mei",
      },
      {
        name: "Jonas Berg",
        role: expect.any(String),
        email: null,
        phone: "07700 900456",
        url: null,
        responderId: "jonas",
      },
    ]);
  });

  it("leaves out a responder with neither, whether or not they receive reports", () => {
    const [ada, ...others] = english.responders;
    if (!ada) throw new Error("no responder");
    const silent = { ...ada, email: undefined, phone: undefined };
    const contacts = directContactsOf({ ...english, responders: [silent, ...others] });
    expect(contacts.map((contact) => contact.responderId)).toEqual(["tomas", "mei", "jonas"]);
  });

  it("adds the contacts independent of the team after the responders, with no page of their own", () => {
    const board = { name: "The board", role: "Not on this team", email: "board@example.org" };
    const form = {
      name: "The board's form",
      role: "Not on this team",
      url: "https://board.example.org/report",
    };
    const contacts = directContactsOf({
      ...english,
      site: { ...english.site, independent_contacts: [board, form] },
    });
    expect(contacts.slice(-2)).toEqual([
      { ...board, phone: null, url: null, responderId: null },
      { ...form, email: null, phone: null, responderId: null },
    ]);
  });

  it("gives an empty list when no one can be reached directly", () => {
    expect(
      directContactsOf({ ...english, responders: [], site: { ...english.site, independent_contacts: [] } }),
    ).toEqual([]);
  });
});
