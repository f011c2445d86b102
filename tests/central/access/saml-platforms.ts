import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { SamlPlatform } from '../../../central/access/saml/platforms.ts';
import { startCentral } from '../../../central/app.ts';
import { placeMigratedPgliteDir } from '../../helpers/pglite-template.ts';
import type { backends } from '../backends.ts';
import { centralCli } from './central-cli.ts';

/**
 * The SAML test's setting: a central service whose platforms an administrator registered with the central
 * CLI, the browser platform's Assertion Consumer Service, and what an SP reads from our metadata and forms.
 */
export const persistent = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';
const port = 9;
const acs = (name: string) => `http://127.0.0.1:${port}/${name}/saml/acs`;

/**
 * The central service started over a store where three SAML platforms were registered first with the
 * central CLI (`platform add-saml`), as an administrator does on the server.
 */
export async function centralWithPlatforms(backend: (typeof backends)[number]) {
  const store = await backend.fresh();
  // A copy of the run's migrated PGlite folder: on an empty one the first command ran initdb in WebAssembly.
  if (store.options.dataDir) await placeMigratedPgliteDir(store.options.dataDir);
  const browserAcs = await acsServer();
  const keyDir = mkdtempSync(path.join(os.tmpdir(), 'mednum-saml-cli-'));
  const cli = (...args: string[]) => centralCli(store.options, keyDir, ...args);
  const addSaml = (name: string, entityId: string, ...more: string[]) =>
    cli('platform', 'add-saml', '--name', name, '--entity-id', entityId, ...more);
  const add = async (name: string, entityId: string, acsUrl: string, ...flags: string[]) => {
    const answer = await addSaml(name, entityId, '--acs-url', acsUrl, ...flags);
    if (answer.code !== 0) throw new Error(answer.stderr);
    expect(answer.stdout).toContain('Plateforme SAML enregistrée');
    const clientId = /identifiant : (\S+)/.exec(answer.stdout)?.[1] as string;
    return {
      clientId,
      name,
      entityId,
      acsUrl,
      sendCategory: flags.includes('--category'),
      sendAgeBand: flags.includes('--age-band'),
    };
  };
  const platforms: Record<'cantook' | 'pret' | 'other' | 'browser', SamlPlatform> = {
    cantook: await add('Cantook', 'https://cantook.example/saml/sp', acs('cantook'), '--category'),
    browser: await add('Bibliothèque en ligne', 'https://en-ligne.example/sp', browserAcs.url),
    pret: await add('Prêt numérique', 'urn:pret-numerique:sp', acs('pret'), '--age-band'),
    other: await add('Autre', 'https://autre.example/sp', acs('autre')),
  };
  // Bad invocations: code 2 in French; the same entity twice: code 1.
  const missing = await addSaml('X', 'urn:x');
  expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('--acs-url')]);
  const plain = await addSaml('X', 'urn:x', '--acs-url', 'http://x.example/acs');
  expect([plain.code, plain.stderr]).toEqual([2, expect.stringContaining('doit être en https')]);
  const twice = await addSaml('Encore', 'urn:pret-numerique:sp', '--acs-url', acs('encore'));
  expect([twice.code, twice.stderr]).toEqual([1, expect.stringContaining('déjà enregistrée')]);
  // The list says where each SAML platform's assertions go, and under which entity.
  const listed = await cli('platform', 'list');
  expect(listed.code).toBe(0);
  expect(listed.stdout).toContain(
    `${platforms.cantook.clientId}\tCantook\tSAML : ${acs('cantook')} (entité https://cantook.example/saml/sp)\t`,
  );
  rmSync(keyDir, { recursive: true, force: true });
  const server = await startCentral(store.options);
  await server.addUser('admin@lot.fr', 'admin', 'admin-password');
  await server.addUser('agent@lot.fr', 'agent', 'agent-password');
  await server.addUser('reader@lot.fr', 'reader', 'reader-password');
  return {
    server,
    platforms,
    browserAcs,
    options: store.options,
    async dispose() {
      browserAcs.server.close();
      await server.close().catch(() => {});
      await store.dispose();
      if (store.options.dataDir) {
        const base = store.options.dataDir.replace(/[\\/]+$/, '');
        rmSync(`${base}.keys.oidc.json`, { force: true });
        rmSync(`${base}.keys.saml.json`, { force: true });
      }
    },
  };
}

/** A platform's Assertion Consumer Service for the browser test: it keeps what the browser posts. */
async function acsServer() {
  const received: Record<string, string>[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      if (request.method === 'POST') received.push(Object.fromEntries(new URLSearchParams(body)));
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end('<!DOCTYPE html><html lang="fr"><title>Plateforme</title><p>Bienvenue</p></html>');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, received, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/saml/acs` };
}

/** The IdP's signing certificate, as an SP reads it from the metadata. */
export function certificateOf(metadata: string): string {
  const body = /<ds:X509Certificate>([^<]+)<\/ds:X509Certificate>/.exec(metadata)?.[1];
  if (!body) throw new Error('no certificate in the metadata');
  return body;
}

export const attribute = (html: string, name: string) =>
  new RegExp(`name="${name}" value="([^"]*)"`)
    .exec(html)?.[1]
    ?.replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"');
