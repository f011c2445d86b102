import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { roles } from '../shared/sync/protocol.ts';
import {
  accessOptions,
  accessUsage,
  checkAccessInvocation,
  isAccessCommand,
  runAccessCommand,
} from './access/cli-commands.ts';
import { defaultKeyFile, openContext, startCentral } from './app.ts';
import { passwordProblem } from './auth/passwords.ts';
import { KeyConfigError } from './auth/private-file.ts';
import { loadSigningKeys, rotateSigningKeys } from './auth/signing-keys.ts';
import { addUser, roleSchema, unlockUser } from './auth/users.ts';
import { HttpError } from './http/errors.ts';
import {
  parseTrustProxy,
  type TrustProxy,
  TrustProxyError,
  trustProxyNeedsValue,
} from './http/trust-proxy.ts';

/** Exit codes, as the desktop CLI: 0 done; 1 the operation failed; 2 bad invocation or unreadable input. */
const usage = `Utilisation :
  npm run central -- serve [--port 8787] [--host 127.0.0.1] [--data DOSSIER] [--trust-proxy ADRESSES|N] [--issuer URL]
  npm run central -- user add [--data DOSSIER] --email E --role ${roles.join('|')} --password-stdin
  npm run central -- user unlock [--data DOSSIER] --email E
  npm run central -- key rotate [--data DOSSIER] [--key-file FICHIER]
${accessUsage}

Base : PostgreSQL si DATABASE_URL est définie, sinon PostgreSQL embarqué (PGlite) dans DOSSIER
(--data, sinon MEDNUM_CENTRAL_DATA, sinon ${defaultDataDir()}).
Clés de signature des jetons : MEDNUM_TOKEN_KEY si elle est définie, sinon le fichier FICHIER (--key-file,
sinon MEDNUM_KEY_FILE, sinon DOSSIER.keys.json), créé au premier démarrage, lisible du seul compte du
service. « key rotate » crée une nouvelle clé et garde l’ancienne le temps que ses jetons expirent (15 min) :
redémarrez ensuite le service.
Connexion des lecteurs (OpenID Connect, sous /oidc) : l’émetteur annoncé aux plateformes est --issuer, sinon
MEDNUM_OIDC_ISSUER, sinon l’adresse du service suivie de /oidc ; derrière un proxy TLS, donnez l’adresse
publique en https (https://mednum.exemple.fr/oidc). Ses clés sont dans FICHIER sans .json, suivi de .oidc.json.
« platform add » affiche l’identifiant et le secret de la plateforme, une seule fois.`;

/** Server data is data, not settings: XDG_DATA_HOME on Linux, the usual per-user folders elsewhere. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = os.homedir();
  const base =
    platform === 'win32'
      ? (env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'))
      : platform === 'darwin'
        ? path.join(home, 'Library', 'Application Support')
        : (env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'));
  return path.join(base, 'mednum-admin', 'central-data');
}

const resolveDataDir = (explicit: string | undefined, env = process.env) =>
  path.resolve(explicit || env.MEDNUM_CENTRAL_DATA || defaultDataDir(env));

const fail = (message: string, code: number) => {
  process.stderr.write(`${message}\n`);
  return code;
};

export async function runCentralCli(
  argv: string[],
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<number> {
  let parsed: ReturnType<typeof parseCli>;
  try {
    parsed = parseCli(argv);
  } catch (error) {
    // parseArgs speaks English; a bare --trust-proxy (once « trust anyone ») deserves its own explanation.
    const at = argv.indexOf('--trust-proxy');
    if (at >= 0 && !/^[^-]/.test(argv[at + 1] ?? '')) return fail(trustProxyNeedsValue, 2);
    return fail(`Arguments incorrects : ${(error as Error).message}\n\n${usage}`, 2);
  }
  const { values, positionals } = parsed;
  const command = positionals.join(' ');
  if (values.help) return fail(usage, 0);
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const dataDir = databaseUrl ? undefined : resolveDataDir(values.data);
  const keyFile = path.resolve(
    values['key-file'] ||
      process.env.MEDNUM_KEY_FILE ||
      defaultKeyFile(dataDir ?? resolveDataDir(values.data)),
  );

  if (isAccessCommand(positionals)) {
    const problem = checkAccessInvocation(positionals, values);
    if (problem) return fail(`${problem}\n\n${usage}`, 2);
    const { ctx, database } = await openContext({ databaseUrl, dataDir, keyFile });
    try {
      return await runAccessCommand(ctx, positionals, values, {
        out: (text) => process.stdout.write(text),
        fail,
      });
    } finally {
      await database.close();
    }
  }

  if (command === 'serve') {
    let trustProxy: TrustProxy | undefined;
    try {
      trustProxy = values['trust-proxy'] === undefined ? undefined : parseTrustProxy(values['trust-proxy']);
    } catch (error) {
      if (error instanceof TrustProxyError) return fail(error.message, 2);
      throw error;
    }
    const port = values.port === undefined ? 8787 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) return fail('Port invalide.', 2);
    const issuer = values.issuer || process.env.MEDNUM_OIDC_ISSUER || undefined;
    if (issuer !== undefined && !/^https?:\/\/[^/]+/.test(issuer))
      return fail('--issuer attend une adresse complète, par exemple https://mednum.exemple.fr/oidc.', 2);
    const server = await startCentral({
      issuer,
      trustProxy,
      databaseUrl,
      dataDir,
      keyFile,
      port,
      host: values.host ?? '127.0.0.1',
      logger: true,
    });
    process.stderr.write(
      `Serveur central à l’écoute sur ${server.url} (${databaseUrl ? 'PostgreSQL' : `PGlite, ${dataDir}`}).\n`,
    );
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
    process.stderr.write('Serveur central arrêté : requêtes en cours terminées, base fermée.\n');
    return 0;
  }

  if (command === 'user add') {
    if (!values.email || !values.role || !values['password-stdin'])
      return fail(`Options obligatoires : --email, --role et --password-stdin.\n\n${usage}`, 2);
    const role = roleSchema.safeParse(values.role);
    if (!role.success)
      return fail(`Rôle inconnu : « ${values.role} ». Rôles possibles : ${roles.join(', ')}.`, 2);
    const password = (await readAll(stdin)).replace(/\r?\n$/, '');
    const weak = passwordProblem(password);
    if (weak) return fail(`${weak} (mot de passe lu sur l’entrée standard)`, 2);
    const { ctx, database } = await openContext({ databaseUrl, dataDir, keyFile });
    try {
      const user = await addUser(ctx, { email: values.email, role: role.data, password });
      process.stdout.write(`Compte créé : ${user.email} (${user.role}).\n`);
      return 0;
    } catch (error) {
      if (error instanceof ZodError) return fail('Adresse e-mail invalide.', 2);
      if (error instanceof HttpError) return fail(error.message, 1);
      throw error;
    } finally {
      await database.close();
    }
  }
  if (command === 'user unlock') {
    if (!values.email) return fail(`Option obligatoire : --email.\n\n${usage}`, 2);
    const { ctx, database } = await openContext({ databaseUrl, dataDir, keyFile });
    try {
      const user = await unlockUser(ctx, { email: values.email });
      process.stdout.write(`Tentatives de connexion effacées pour ${user.email} : il peut se connecter.\n`);
      return 0;
    } catch (error) {
      if (error instanceof HttpError) return fail(error.message, 1);
      throw error;
    } finally {
      await database.close();
    }
  }
  if (command === 'key rotate') {
    try {
      const rotated = rotateSigningKeys(
        loadSigningKeys({ keyFile, env: process.env, now: new Date() }),
        new Date(),
      );
      process.stdout.write(
        `Nouvelle clé de signature ${rotated.current.kid} dans ${keyFile} ; l’ancienne vérifie encore les jetons pendant 15 minutes. Redémarrez le service pour signer avec la nouvelle.\n`,
      );
      return 0;
    } catch (error) {
      if (error instanceof KeyConfigError) return fail(error.message, 1);
      throw error;
    }
  }
  return fail(`Commande inconnue : « ${command} ».\n\n${usage}`, 2);
}

function parseCli(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'trust-proxy': { type: 'string' },
      data: { type: 'string' },
      'key-file': { type: 'string' },
      email: { type: 'string' },
      role: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      issuer: { type: 'string' },
      ...accessOptions,
    },
  });
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
