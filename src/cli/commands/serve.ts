import type { Command } from 'commander';
import { action } from '../errors-out.js';
import { intOption, numberOption } from '../options.js';
import type { runServe } from '../../serving/serve-command.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve predictions over HTTP (forewarn /predict, MLflow /invocations, Open Inference v2) for the version behind an alias, hot-swapping when it moves')
    .option('--project <dir>', 'project folder with forewarn.yaml (default: current folder)')
    .option('--model <name>', 'registered model name (default: serve.model)')
    .option('--alias <alias>', 'alias to serve and follow: production, staging, latest, or a pinned version "3" (default: serve.alias = production)')
    .option('--model-file <file>', 'serve a model file directly (model.json or model.onnx) instead of the registry')
    .option('--host <host>', 'bind address (default 127.0.0.1; a non-loopback address requires FOREWARN_API_TOKEN for every non-health endpoint)')
    .option('--port <n>', 'port (0 = any free port)', intOption('--port', 0, 65535))
    .option('--poll-seconds <s>', 'seconds between alias checks (0 = only POST /model/reload)', numberOption('--poll-seconds', 0, 86400))
    .option('--no-auth', 'no authentication at all (needed to serve a non-loopback address without a token)')
    .option('--require-approved', 'refuse registry versions that are not Approved')
    .option('--body-limit-bytes <n>', 'largest request body', intOption('--body-limit-bytes', 1, 1024 ** 3))
    .option('--max-batch <n>', 'most records per request', intOption('--max-batch', 1, 1_000_000))
    .addHelpText('after', `
Examples:
  forewarn serve --model-file runs/abc/model.json --port 8080
  FOREWARN_API_TOKEN=$(openssl rand -hex 16) forewarn serve --model pump-failure --alias production --host 0.0.0.0
  curl -s localhost:8080/predict -H 'content-type: application/json' -d '{"Packet_Loss_%": 0.2, ...}'`)
    .action(action(async (opts: Parameters<typeof runServe>[0]) => {
      await (await import('../../serving/serve-command.js')).runServe(opts);
    }));
}
