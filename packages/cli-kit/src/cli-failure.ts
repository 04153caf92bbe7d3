/** Something other than the authority's rules failed (network, files): exit code 3. */
export class CliFailure extends Error {
  override readonly name = 'CliFailure';
}
