/**
 * botbuilder's connector clients (@azure/core-client) send each request through a pipeline of named policies.
 * The pipeline is private in the typings; removing a policy by name is how this adapter changes what a client
 * does. Tests notice when a name stops matching (retries: "at most once"; redirects: anonymous mode).
 */
export function withoutPolicies<T>(client: T, names: readonly string[]): T {
  const pipeline = (client as { client?: { pipeline?: { removePolicy(policy: { name: string }): unknown } } }).client?.pipeline;
  for (const name of names) pipeline?.removePolicy({ name });
  return client;
}
