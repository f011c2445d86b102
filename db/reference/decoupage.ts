import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AppError } from '../../shared/errors.ts';

const require = createRequire(import.meta.url);

/**
 * INSEE millésime of the populations that `epci.json` members carry, per major version of the package.
 * Not "geography year − 3" for every version: 6.0.0 (COG 2026) carries exactly the figures of 5.x
 * (all 34,871 members identical), i.e. the legal populations 2022 its README links to.
 */
const millesimeByMajor: Record<number, number> = { 3: 2020, 4: 2021, 5: 2022, 6: 2022 };

/** The vintages that ship with the app, oldest first (seeding order: the newest names win). */
export const shippedReferencePackages = [
  'decoupage-administratif-2021',
  '@etalab/decoupage-administratif',
] as const;

export interface ReferenceCommune {
  insee: string;
  name: string;
  departement: string;
  population: { municipale: number; totale: number };
}

export interface ReferenceEpci {
  siren: string;
  name: string;
  type: string;
  members: ReferenceCommune[];
}

export interface ReferenceDataSet {
  source: string;
  /** INSEE vintage of the member populations: those in force in the package's COG year were counted three years earlier. */
  millesime: number;
  epci: ReferenceEpci[];
}

interface RawEpci {
  code: string;
  nom: string;
  type: string;
  membres: { code: string; nom: string; populationMunicipale: number; populationTotale: number }[];
}

interface RawCommune {
  code: string;
  departement?: string;
  type?: string;
}

/**
 * Every EPCI with at least one commune in `departement`, with all its member communes (some straddle
 * départements), from one version of @etalab/decoupage-administratif. Populations come from the EPCI
 * membership data only: `communes.json` carries another vintage and must not be mixed in.
 */
export function loadReferenceData(
  departement: string,
  pkg: ReferencePackage = describeReferencePackage(),
): ReferenceDataSet {
  const { root, source, millesime } = pkg;

  const departementOf = new Map<string, string>();
  for (const commune of readJson<RawCommune[]>(path.join(root, 'data', 'communes.json'))) {
    if (commune.type === 'commune-actuelle' && commune.departement)
      departementOf.set(commune.code, commune.departement);
  }
  const communeDepartement = (insee: string) => departementOf.get(insee) ?? departementFromCode(insee);

  const epci = readJson<RawEpci[]>(path.join(root, 'data', 'epci.json'))
    .filter((raw) => raw.membres.some((member) => communeDepartement(member.code) === departement))
    .map((raw) => ({
      siren: raw.code,
      name: raw.nom,
      type: raw.type,
      members: raw.membres.map((member) => ({
        insee: member.code,
        name: member.nom,
        departement: communeDepartement(member.code),
        population: { municipale: member.populationMunicipale, totale: member.populationTotale },
      })),
    }));

  return { source, millesime, epci };
}

export interface ReferencePackage {
  root: string;
  source: string;
  millesime: number;
}

/** Which data set an installed package holds, read from its package.json alone (cheap, unlike the data). */
export function describeReferencePackage(packageName = '@etalab/decoupage-administratif'): ReferencePackage {
  const root = packageRoot(packageName);
  // An npm alias installs the real package under another folder; its own package.json keeps the real name.
  const { name, version } = readJson<{ name: string; version: string }>(path.join(root, 'package.json'));
  const millesime = millesimeByMajor[Number(version.split('.')[0])];
  if (millesime === undefined) {
    throw new AppError(
      'REFERENCE_DATA_MISSING',
      `Version des données de référence non prise en charge : ${version}.`,
    );
  }
  return { root, source: `${name}@${version}`, millesime };
}

/** The département prefix of an INSEE code: three digits overseas, two elsewhere (2A/2B for Corsica). */
export function departementFromCode(insee: string): string {
  return insee.startsWith('97') ? insee.slice(0, 3) : insee.slice(0, 2);
}

function packageRoot(packageName: string): string {
  try {
    return path.dirname(require.resolve(`${packageName}/package.json`));
  } catch (cause) {
    throw new AppError('REFERENCE_DATA_MISSING', `Données de référence introuvables (${packageName}).`, {
      cause,
    });
  }
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}
