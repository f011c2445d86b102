import { inflateRawSync } from 'node:zlib';
import { DOMParser } from '@xmldom/xmldom';

/**
 * An AuthnRequest as it arrives (HTTP-Redirect: deflated then base64 in the query; HTTP-POST: base64 in a
 * form field), read defensively: size limits before and after inflating, no DTD at all (no entity can be
 * declared, so no XXE and no entity expansion), parse errors fatal, and only the few facts used are kept.
 * Nothing in it is trusted beyond them: the platform is looked up by its Issuer, and the answer goes only
 * to the ACS URL registered for it.
 */
export const protocolNs = 'urn:oasis:names:tc:SAML:2.0:protocol';
export const assertionNs = 'urn:oasis:names:tc:SAML:2.0:assertion';
export const postBinding = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';

const maxEncoded = 64 * 1024;
const maxXml = 64 * 1024;

export interface AuthnRequest {
  id: string;
  issuer: string;
  /** As asked; used only when equal to the registered one. */
  acsUrl: string | undefined;
}

export class BadRequest extends Error {}

/** xsd:ID: an NCName. */
const ncName = /^[A-Za-z_][\w.-]{0,255}$/;

export function decodeRequest(encoded: string, binding: 'redirect' | 'post'): string {
  if (encoded.length === 0 || encoded.length > maxEncoded) throw new BadRequest('size');
  const bytes = Buffer.from(encoded.replace(/\s+/g, ''), 'base64');
  if (bytes.length === 0) throw new BadRequest('base64');
  // HTTP-POST carries the XML as is; some SPs deflate it there too (as HTTP-Redirect does): then inflate.
  if (binding === 'post' && /^\s*</.test(bytes.subarray(0, 64).toString('utf8')))
    return bytes.toString('utf8');
  try {
    return inflateRawSync(bytes, { maxOutputLength: maxXml }).toString('utf8');
  } catch {
    throw new BadRequest('deflate');
  }
}

export function parseAuthnRequest(xml: string): AuthnRequest {
  if (xml.length > maxXml) throw new BadRequest('size');
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new BadRequest('dtd');
  const fail = (message: string) => {
    throw new BadRequest(message);
  };
  const document = new DOMParser({
    errorHandler: { warning: () => {}, error: fail, fatalError: fail },
  }).parseFromString(xml, 'text/xml');
  const root = document.documentElement;
  if (!root || root.namespaceURI !== protocolNs || root.localName !== 'AuthnRequest')
    throw new BadRequest('not an AuthnRequest');
  if (root.getAttribute('Version') !== '2.0') throw new BadRequest('version');
  const id = root.getAttribute('ID') ?? '';
  if (!ncName.test(id)) throw new BadRequest('id');
  const binding = root.getAttribute('ProtocolBinding');
  if (binding && binding !== postBinding) throw new BadRequest('binding');
  const issuers = Array.from(root.childNodes).filter(
    (node) =>
      node.nodeType === 1 &&
      (node as Element).namespaceURI === assertionNs &&
      (node as Element).localName === 'Issuer',
  );
  if (issuers.length !== 1) throw new BadRequest('issuer');
  const issuer = (issuers[0]?.textContent ?? '').trim();
  if (issuer === '' || issuer.length > 1024) throw new BadRequest('issuer');
  const acs = root.getAttribute('AssertionConsumerServiceURL');
  return { id, issuer, acsUrl: acs ? acs : undefined };
}
