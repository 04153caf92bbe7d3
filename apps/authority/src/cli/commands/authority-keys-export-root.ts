import type { AuthorityAnswer } from '@airlock/client';
import { type Command, flag, option, writeDocument } from '@airlock/cli-kit';

type RootKey = AuthorityAnswer<'/v1/keys/root'>;

/** The root public key that sites and apps pin, as JWK (default) or PEM. */
export const authorityKeysExportRoot: Command = {
  name: 'authority keys export-root',
  summary: 'Print or save the root public key that sites and apps pin',
  usage: '[--out <file>] [--pem]',
  options: { out: { type: 'string' }, pem: { type: 'boolean' } },
  async run(context) {
    const root = await context.api().request<RootKey>('GET', '/v1/keys/root');
    const content = flag(context, 'pem') ? root.pem : `${JSON.stringify(root.jwk)}\n`;
    const out = option(context, 'out');
    if (out === undefined) return { result: root, text: content.trimEnd() };
    const file = await writeDocument(context.io, out, content);
    return { result: { ...root, file }, text: `Wrote the root key ${root.kid} to ${file}.` };
  },
};
