import type { AuthorityAnswer } from '@airlock/client';
import { type Command, option, required, segment, withoutText, writeDocument } from '@airlock/cli-kit';

type Refresh = AuthorityAnswer<'/v1/device-licenses/{licenseId}/activations/{activationId}/refresh-file', 'post'>;

/** Writes the refresh file that carries a device license's current revision to one activated device. */
export const licenseRefreshFile: Command = {
  name: 'license refresh-file',
  summary: "Write a device's license refresh file (the license's current revision) to a file",
  usage: '<licenseId> --activation <activationId> [--out <file>]',
  positionals: ['licenseId'],
  options: { activation: { type: 'string' }, out: { type: 'string' } },
  async run(context) {
    const licenseId = context.positionals[0]!;
    const activation = required(context, 'activation');
    const refresh = await context.api().request<Refresh>('POST', `/v1/device-licenses/${segment(licenseId)}/activations/${segment(activation)}/refresh-file`);
    const file = await writeDocument(context.io, option(context, 'out') ?? `device-refresh-${activation}-r${refresh.revision}.txt`, refresh.text);
    return {
      result: { ...withoutText(refresh), file },
      text: `Wrote the refresh file of license ${refresh.licenseId} (revision ${refresh.revision}) for activation ${refresh.activationId} to ${file}.`,
    };
  },
};
