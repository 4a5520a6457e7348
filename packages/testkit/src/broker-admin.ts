import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Closes, from the broker's side, every connection whose client-provided name contains `name` — what a broker
 * restart or a network partition looks like to a client. Needs rabbitmqctl on this machine.
 */
export async function closeBrokerConnections(name: string): Promise<number> {
  const { stdout } = await run('rabbitmqctl', ['list_connections', 'pid', 'client_properties', '-q']);
  const pids = stdout
    .split('\n')
    .filter((line) => line.includes(name))
    .map((line) => line.split('\t')[0] ?? '')
    .filter((pid) => pid.startsWith('<'));
  for (const pid of pids) await run('rabbitmqctl', ['close_connection', pid, 'closed by a test']);
  return pids.length;
}

/** True when this machine can administer the broker with rabbitmqctl. */
export async function canAdministerBroker(): Promise<boolean> {
  try {
    await run('rabbitmqctl', ['status', '-q']);
    return true;
  } catch {
    return false;
  }
}
