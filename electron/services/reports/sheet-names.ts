/**
 * Worksheet names as Excel accepts them: at most 31 characters, none of `[ ] : * ? / \`, no leading or
 * trailing apostrophe, not « Historique »/`History` (reserved by Excel), unique ignoring case.
 */
export class SheetNames {
  readonly #taken = new Set<string>(['history']);

  /** Reserves a fixed name (« Synthèse », …) so no EPCI sheet takes it. */
  reserve(name: string): string {
    this.#taken.add(name.toLocaleLowerCase('fr'));
    return name;
  }

  /** A legal, unused name close to `wanted`: « Grand-Figeac », « Grand-Figeac (2) », … */
  unique(wanted: string): string {
    const base =
      wanted
        .replace(/[[\]:*?/\\]/g, ' ')
        .replace(/\p{Cc}/gu, '')
        .replace(/\s+/g, ' ')
        .trim()
        .replace(/^'+|'+$/g, '')
        .trim() || 'EPCI';
    for (let index = 1; ; index += 1) {
      const suffix = index === 1 ? '' : ` (${index})`;
      const name = `${base.slice(0, 31 - suffix.length).trimEnd()}${suffix}`.replace(/'+$/, '');
      const key = name.toLocaleLowerCase('fr');
      if (!this.#taken.has(key)) {
        this.#taken.add(key);
        return name;
      }
    }
  }
}
