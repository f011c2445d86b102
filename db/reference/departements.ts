import fs from 'node:fs';
import path from 'node:path';
import { describeReferencePackage } from './decoupage.ts';

interface RawDepartement {
  code: string;
  nom: string;
  /** INSEE « type de nom en clair »: which article the name takes (0 none, 2 « le », 5 « l’ »…). */
  typeLiaison: number;
}

/** The words between « Département » and the name, by INSEE « type de nom en clair » (TNCC). */
const linkWords: Record<number, string> = {
  0: 'de ',
  1: 'd’',
  2: 'du ',
  3: 'de la ',
  4: 'des ',
  5: 'de l’',
  6: 'des ',
  7: 'de las ',
  8: 'de los ',
};

let names: Map<string, RawDepartement> | null = null;

function departementsByCode(): Map<string, RawDepartement> {
  if (!names) {
    const file = path.join(describeReferencePackage().root, 'data', 'departements.json');
    const list = JSON.parse(fs.readFileSync(file, 'utf8')) as RawDepartement[];
    names = new Map(list.map((departement) => [departement.code, departement]));
  }
  return names;
}

/**
 * « Département du Lot », « Département de l’Aveyron », « Département de la Corrèze »: the département
 * named as a letter names it, from the reference data that ships with the app (its name and article).
 * An unknown code gives « Département (code 977) ».
 */
export function departementTitle(code: string): string {
  const departement = departementsByCode().get(code);
  if (!departement) return `Département (code ${code})`;
  return `Département ${linkWords[departement.typeLiaison] ?? 'de '}${departement.nom}`;
}
