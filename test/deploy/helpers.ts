import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';

/** Runs a command, resolving with its stdout and rejecting with its stderr in the message. */
export const run = promisify(execFile);

/** The repository root, with a trailing slash. */
export const root = fileURLToPath(new URL('../../', import.meta.url));

/** A repository file's text. */
export function repoFile(path: string): string {
  return readFileSync(`${root}${path}`, 'utf8');
}

/** A Kubernetes object as read from a manifest. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  [key: string]: unknown;
}

/** The YAML files under a directory of the repository, recursively, sorted. */
function yamlFiles(dir: string): string[] {
  return readdirSync(`${root}${dir}`)
    .sort()
    .flatMap((f) => {
      const path = `${dir}/${f}`;
      if (statSync(`${root}${path}`).isDirectory()) return yamlFiles(path);
      return f.endsWith('.yaml') || f.endsWith('.yml') ? [path] : [];
    });
}

/** Every object in every YAML file under deploy/k8s, with the file it came from; a YAML error fails the read. */
export function k8sManifests(): { file: string; object: Manifest }[] {
  return yamlFiles('deploy/k8s').flatMap((file) =>
    parseAllDocuments(repoFile(file)).map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
      return { file, object: doc.toJS() as Manifest };
    }),
  );
}

/**
 * Turns on RabbitMQ's management API and Prometheus endpoint on this machine's broker (idempotent; the official
 * image and the compose file have both on). Needs rabbitmq-plugins, as the broker tests already need rabbitmqctl.
 */
export async function enableBrokerPlugins(): Promise<void> {
  const plugins = ['rabbitmq_management', 'rabbitmq_prometheus'];
  const enabled = await run('rabbitmq-plugins', ['is_enabled', ...plugins, '-q']).then(
    () => true,
    () => false,
  );
  if (!enabled) await run('rabbitmq-plugins', ['enable', ...plugins]);
}
