import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AppError } from '../../shared/errors.ts';

const require = createRequire(import.meta.url);

/** Geography year (COG) of each major version of the package, as its README lists them. */
const cogYearByMajor: Record<number, number> = { 1: 2021, 2: 2022, 3: 2023, 4: 2024, 5: 2025, 6: 2026 };

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
  const { version } = readJson<{ version: string }>(path.join(root, 'package.json'));
  const cogYear = cogYearByMajor[Number(version.split('.')[0])];
  if (cogYear === undefined) {
    throw new AppError(
      'REFERENCE_DATA_MISSING',
      `Version des données de référence non prise en charge : ${version}.`,
    );
  }
  return { root, source: `${packageName}@${version}`, millesime: cogYear - 3 };
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
