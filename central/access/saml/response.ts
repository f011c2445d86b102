import { randomBytes } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import { assertionNs, protocolNs } from './request.ts';

/**
 * The signed answer to an AuthnRequest: a Response signed (RSA-SHA256, exclusive C14N) around an
 * Assertion signed on its own, both with the certificate in KeyInfo — what SPs ask for by default
 * (node-saml wants both). Bearer subject confirmation bound to the request (InResponseTo), the ACS
 * (Recipient) and five minutes (NotOnOrAfter); the audience is the platform's entity ID.
 */
export const persistentFormat = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';
const rsaSha256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const sha256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const excC14n = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const enveloped = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const basicName = 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic';

export const assertionLifetimeSeconds = 5 * 60;

const escapeXml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string,
  );

const instant = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;
/** xsd:ID values: an underscore and random hex, never anything the request supplied. */
const newId = () => `_${randomBytes(20).toString('hex')}`;

export interface AssertionInput {
  idpEntityId: string;
  spEntityId: string;
  acsUrl: string;
  inResponseTo: string;
  nameId: string;
  /** Single-valued attributes, in order; null values are left out. */
  attributes: [string, string | null][];
  now: Date;
}

export function buildResponse(input: AssertionInput): string {
  const { now } = input;
  const notBefore = new Date(now.getTime() - 30_000);
  const notOnOrAfter = new Date(now.getTime() + assertionLifetimeSeconds * 1000);
  const e = escapeXml;
  const responseId = newId();
  const assertionId = newId();
  const attributes = input.attributes
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(
      ([name, value]) =>
        `<saml:Attribute Name="${e(name)}" NameFormat="${basicName}"><saml:AttributeValue>${e(value)}</saml:AttributeValue></saml:Attribute>`,
    )
    .join('');
  return (
    `<samlp:Response xmlns:samlp="${protocolNs}" xmlns:saml="${assertionNs}" ID="${responseId}" Version="2.0" IssueInstant="${instant(now)}" Destination="${e(input.acsUrl)}" InResponseTo="${e(input.inResponseTo)}">` +
    `<saml:Issuer>${e(input.idpEntityId)}</saml:Issuer>` +
    '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>' +
    `<saml:Assertion ID="${assertionId}" Version="2.0" IssueInstant="${instant(now)}">` +
    `<saml:Issuer>${e(input.idpEntityId)}</saml:Issuer>` +
    '<saml:Subject>' +
    `<saml:NameID Format="${persistentFormat}" NameQualifier="${e(input.idpEntityId)}" SPNameQualifier="${e(input.spEntityId)}">${e(input.nameId)}</saml:NameID>` +
    '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">' +
    `<saml:SubjectConfirmationData InResponseTo="${e(input.inResponseTo)}" NotOnOrAfter="${instant(notOnOrAfter)}" Recipient="${e(input.acsUrl)}"/>` +
    '</saml:SubjectConfirmation>' +
    '</saml:Subject>' +
    `<saml:Conditions NotBefore="${instant(notBefore)}" NotOnOrAfter="${instant(notOnOrAfter)}">` +
    `<saml:AudienceRestriction><saml:Audience>${e(input.spEntityId)}</saml:Audience></saml:AudienceRestriction>` +
    '</saml:Conditions>' +
    `<saml:AuthnStatement AuthnInstant="${instant(now)}" SessionIndex="${assertionId}">` +
    '<saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</saml:AuthnContextClassRef></saml:AuthnContext>' +
    '</saml:AuthnStatement>' +
    (attributes ? `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` : '') +
    '</saml:Assertion>' +
    '</samlp:Response>'
  );
}

/** Signs `element` (the root Response or its Assertion), the signature placed right after its Issuer. */
function signElement(xml: string, element: string, keys: { privateKeyPem: string; certificatePem: string }) {
  const signer = new SignedXml({
    privateKey: keys.privateKeyPem,
    publicCert: keys.certificatePem,
    signatureAlgorithm: rsaSha256,
    canonicalizationAlgorithm: excC14n,
  });
  signer.addReference({ xpath: element, digestAlgorithm: sha256, transforms: [enveloped, excC14n] });
  signer.computeSignature(xml, {
    prefix: 'ds',
    location: { reference: `${element}/*[local-name(.)='Issuer']`, action: 'after' },
  });
  return signer.getSignedXml();
}

const responsePath =
  "/*[local-name(.)='Response' and namespace-uri(.)='urn:oasis:names:tc:SAML:2.0:protocol']";
const assertionPath = `${responsePath}/*[local-name(.)='Assertion' and namespace-uri(.)='urn:oasis:names:tc:SAML:2.0:assertion']`;

export function signResponse(xml: string, keys: { privateKeyPem: string; certificatePem: string }): string {
  return signElement(signElement(xml, assertionPath, keys), responsePath, keys);
}
