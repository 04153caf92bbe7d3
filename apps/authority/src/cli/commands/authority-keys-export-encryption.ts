import type { AuthorityAnswer } from '@airlock/client';
import { type Command, option, writeDocument } from '@airlock/cli-kit';

type EncryptionCertificate = AuthorityAnswer<'/v1/keys/encryption'>;

/** The authority's encryption-key certificate, which an app built on the SDK ships beside the root key. */
export const authorityKeysExportEncryption: Command = {
  name: 'authority keys export-encryption',
  summary: "Print or save the encryption-key certificate that apps ship (the SDK's authorityEncryptionKey)",
  usage: '[--out <file>]',
  options: { out: { type: 'string' } },
  async run(context) {
    const found = await context.api().request<EncryptionCertificate>('GET', '/v1/keys/encryption');
    const out = option(context, 'out');
    if (out === undefined) return { result: found, text: found.certificate };
    const file = await writeDocument(context.io, out, `${found.certificate}\n`);
    return { result: { ...found, file }, text: `Wrote the encryption-key certificate ${found.kid} (valid until ${found.notAfter}) to ${file}.` };
  },
};
