/**
 * A loopback stand-in for the Bot Framework's OpenID metadata and signing
 * keys (JWKS), and a signer of channel tokens with those keys, so sign-in
 * tests check real tokens the way the Bot Connector's are checked.
 *
 *   const keys = await startOpenIdServer();
 *   // BOT_OPENID_METADATA_URL=keys.metadataUrl, BOT_TOKEN_ISSUER=keys.issuer
 *   const header = `Bearer ${await keys.sign({ aud: appId, serviceurl })}`;
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWTPayload, type KeyLike, SignJWT } from 'jose';

/** The issuer the Bot Framework puts on the tokens it sends to bots. */
export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

export interface TokenClaims {
  readonly aud?: string;
  readonly iss?: string;
  readonly serviceurl?: string;
  /** Seconds from now (negative: in the past). Default -60 and +3600. */
  readonly nbfIn?: number;
  readonly expIn?: number;
  /** Sign with a key the server does not publish. */
  readonly unpublishedKey?: boolean;
}

export interface OpenIdServer {
  readonly metadataUrl: string;
  readonly issuer: string;
  /** A signed channel token with these claims. */
  sign(claims: TokenClaims): Promise<string>;
  /** How many times the metadata and the keys were fetched. */
  readonly fetches: () => number;
  stop(): Promise<void>;
}

const PUBLISHED_KID = 'published-key-1';

/** `keysStatus`: what the JWKS endpoint answers (default 200 with the keys), to play a key server in trouble. */
export async function startOpenIdServer(options: { keysStatus?: number } = {}): Promise<OpenIdServer> {
  const published = await generateKeyPair('RS256');
  const unpublished = await generateKeyPair('RS256');
  const jwk = {
    ...(await exportJWK(published.publicKey)),
    kid: PUBLISHED_KID,
    use: 'sig',
    alg: 'RS256',
    endorsements: ['msteams'],
  };
  let fetches = 0;
  const server = createServer((req, res) => {
    fetches++;
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openid-configuration') {
      res.end(
        JSON.stringify({
          issuer: BOT_FRAMEWORK_ISSUER,
          jwks_uri: `${base}/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
        }),
      );
    } else if (req.url === '/keys') {
      res.statusCode = options.keysStatus ?? 200;
      res.end(res.statusCode === 200 ? JSON.stringify({ keys: [jwk] }) : '{}');
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    metadataUrl: `http://127.0.0.1:${port}/.well-known/openid-configuration`,
    issuer: BOT_FRAMEWORK_ISSUER,
    fetches: () => fetches,
    async sign(claims) {
      const now = Math.floor(Date.now() / 1000);
      const key: KeyLike = claims.unpublishedKey ? unpublished.privateKey : published.privateKey;
      const payload: JWTPayload = claims.serviceurl === undefined ? {} : { serviceurl: claims.serviceurl };
      let jwt = new SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', kid: claims.unpublishedKey ? 'unpublished-key' : PUBLISHED_KID, typ: 'JWT' })
        .setIssuer(claims.iss ?? BOT_FRAMEWORK_ISSUER)
        .setIssuedAt(now + (claims.nbfIn ?? -60))
        .setNotBefore(now + (claims.nbfIn ?? -60))
        .setExpirationTime(now + (claims.expIn ?? 3600));
      if (claims.aud) jwt = jwt.setAudience(claims.aud);
      return jwt.sign(key);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
