import { createRequire } from 'node:module';

/**
 * A library's EPCI follows from its commune and is never stored (ARCHITECTURE.md « Data »): the central
 * service reads it from the newest geography, `@etalab/decoupage-administratif`'s `epci.json`, once.
 */
export interface CommunePlace {
  communeName: string;
  epci: { siren: string; name: string };
}

interface RawEpci {
  code: string;
  nom: string;
  membres: { code: string; nom: string }[];
}

let byCommune: Map<string, CommunePlace> | undefined;

function load(): Map<string, CommunePlace> {
  // createRequire: the package has no `exports` for its data files, and a JSON import attribute would tie
  // this file to how it is bundled.
  const require = createRequire(import.meta.url);
  const raw = require('@etalab/decoupage-administratif/data/epci.json') as RawEpci[];
  const map = new Map<string, CommunePlace>();
  for (const epci of raw)
    for (const member of epci.membres)
      map.set(member.code, { communeName: member.nom, epci: { siren: epci.code, name: epci.nom } });
  return map;
}

/** The commune's name and EPCI, or undefined for a commune outside any EPCI (or unknown). */
export function placeOfCommune(insee: string): CommunePlace | undefined {
  byCommune ??= load();
  return byCommune.get(insee);
}
