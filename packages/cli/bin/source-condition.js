// A module resolution hook for the workspace: `@airlock/*` packages resolve to their TypeScript
// source (the `airlock-source` export condition) instead of their compiled dist/, as
// `node --conditions=airlock-source` would do (docs/building.md).
export async function resolve(specifier, context, nextResolve) {
  const conditions = context.conditions.includes('airlock-source') ? context.conditions : [...context.conditions, 'airlock-source'];
  return nextResolve(specifier, { ...context, conditions });
}
