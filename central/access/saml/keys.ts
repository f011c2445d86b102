import { createPrivateKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { KeyConfigError, readPrivateFile } from '../../auth/private-file.ts';
import { selfSignedCertificate } from './certificate.ts';

/**
 * The SAML signing key (RSA 2048, RSA-SHA256) and its self-signed certificate, kept OUTSIDE the database
 * beside the OpenID Connect keys (`<keys>.saml.json`, 0600, created on first start, like oidc-keys.ts):
 * platforms pin the certificate from /saml/metadata, so it must survive restarts. A server without a key
 * file (tests) draws one in memory.
 */
export interface SamlKeys {
  privateKeyPem: string;
  certificatePem: string;
  source: { kind: 'file'; file: string } | { kind: 'memory' };
}

const fileSchema = z.object({ privateKey: z.string().min(100), certificate: z.string().min(100) });

/** `mednum.keys.json` → `mednum.keys.saml.json`. */
export const samlKeyFileBeside = (keyFile: string) => `${keyFile.replace(/\.json$/i, '')}.saml.json`;

function fresh(): Omit<SamlKeys, 'source'> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
    certificatePem: selfSignedCertificate(privateKey, 'Médiathèque numérique — SAML', new Date()),
  };
}

export const memorySamlKeys = (): SamlKeys => ({ ...fresh(), source: { kind: 'memory' } });

export function loadSamlKeys(file: string | undefined): SamlKeys {
  if (!file) return memorySamlKeys();
  const resolved = path.resolve(file);
  const stored = readPrivateFile(resolved, () => {
    const keys = fresh();
    return { privateKey: keys.privateKeyPem, certificate: keys.certificatePem };
  });
  try {
    const { privateKey, certificate } = fileSchema.parse(stored);
    const key = createPrivateKey(privateKey);
    if (key.asymmetricKeyType !== 'rsa' || !new X509Certificate(certificate).checkPrivateKey(key))
      throw new Error('mismatch');
    return {
      privateKeyPem: privateKey,
      certificatePem: certificate,
      source: { kind: 'file', file: resolved },
    };
  } catch {
    throw new KeyConfigError('KEY_FILE_INVALID', `Le fichier de clés ${resolved} est illisible ou invalide.`);
  }
}

/** The certificate's base64 body, as metadata and KeyInfo carry it. */
export const certificateBody = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');

/**
 * The keys as the server uses them: an existing file is read at once (a bad one stops the start); a
 * missing one, or the in-memory keys, are made at the first SAML request (an RSA key takes up to a
 * second to draw, which no start without SAML should pay).
 */
export function samlKeySource(file: string | undefined): () => SamlKeys {
  let keys = file && fs.existsSync(path.resolve(file)) ? loadSamlKeys(file) : undefined;
  return () => {
    keys ??= loadSamlKeys(file);
    return keys;
  };
}
