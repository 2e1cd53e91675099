import { type CaseFile, type CaseTag, tagKey } from "./case-file.ts";

/**
 * Patterns across reports: the people and places responders tag, and every case that shares a tag
 * ("several anonymised reports that form a pattern of behaviour"). Pure.
 */

/** One tag and the cases that carry it. */
export interface TagGroup {
  tag: CaseTag;
  /** the cases' references, sorted */
  references: string[];
}

/**
 * Every tag used in the cases, with the cases that carry it: tags shared by more cases first, then by
 * kind and name. Tags match ignoring case, width and spacing; the first spelling seen is shown.
 *
 * @param cases - the cases
 */
export function tagGroups(cases: readonly Pick<CaseFile, "reference" | "tags">[]): TagGroup[] {
  const groups = new Map<string, TagGroup>();
  for (const caseFile of cases) {
    for (const tag of caseFile.tags) {
      const key = `${tag.kind}:${tagKey(tag.name)}`;
      const group = groups.get(key) ?? { tag, references: [] };
      if (!group.references.includes(caseFile.reference)) group.references.push(caseFile.reference);
      groups.set(key, group);
    }
  }
  return [...groups.values()]
    .map((group) => ({ ...group, references: group.references.sort() }))
    .sort(
      (a, b) =>
        b.references.length - a.references.length ||
        a.tag.kind.localeCompare(b.tag.kind) ||
        tagKey(a.tag.name).localeCompare(tagKey(b.tag.name)),
    );
}

/**
 * For each tag of one case, the other cases that share it (tags no other case shares are left out).
 *
 * @param reference - the case
 * @param cases - every case, the one itself included
 */
export function sharedTags(
  reference: string,
  cases: readonly Pick<CaseFile, "reference" | "tags">[],
): TagGroup[] {
  const own = cases.find((c) => c.reference === reference);
  if (!own) return [];
  const ownKeys = new Set(own.tags.map((tag) => `${tag.kind}:${tagKey(tag.name)}`));
  return tagGroups(cases)
    .filter((group) => ownKeys.has(`${group.tag.kind}:${tagKey(group.tag.name)}`))
    .map((group) => ({ ...group, references: group.references.filter((r) => r !== reference) }))
    .filter((group) => group.references.length > 0);
}
