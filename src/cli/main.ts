#!/usr/bin/env node
/**
 * forewarn CLI. Each domain registers its commands from src/cli/commands/<domain>.ts; this file only groups them.
 * Commands parse options, call the domain, print; failures go through errors-out.ts (code + message, exit code).
 */
import { Command, CommanderError } from 'commander';
import { reportCliError } from './errors-out.js';
import { registerInit } from './commands/init.js';
import { registerQuickstart } from './commands/quickstart.js';
import { registerData } from './commands/data.js';
import { registerDataProfile } from './commands/data-profile.js';
import { registerSimulate } from './commands/simulate.js';
import { registerFeatures } from './commands/features.js';
import { registerRun } from './commands/run.js';
import { registerPipeline } from './commands/pipeline.js';
import { registerRuns } from './commands/runs.js';
import { registerEvaluation } from './commands/eval.js';
import { registerMonitor } from './commands/monitor.js';
import { registerModels } from './commands/models.js';
import { registerModelFile } from './commands/model-file.js';
import { registerModelsRegister } from './commands/models-register.js';
import { registerServe } from './commands/serve.js';
import { registerStream } from './commands/stream.js';
import { registerDoctor } from './commands/doctor.js';

export function buildProgram(): Command {
  const program = new Command('forewarn')
    .description('Predictive-maintenance MLOps: telemetry → validated data → features → models → registry → serving')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    // Root options only before the subcommand, so `models show x --version 2` reaches the subcommand.
    .enablePositionalOptions()
    .exitOverride();

  program.commandsGroup('Project:');
  registerInit(program);
  registerQuickstart(program);

  program.commandsGroup('Data:');
  const data = program.command('data').description('infer contracts, validate and ingest tables, profile datasets');
  registerData(data);
  registerDataProfile(data);
  registerSimulate(program);
  registerFeatures(program);

  program.commandsGroup('Training:');
  registerRun(program);
  registerPipeline(program);
  registerRuns(program);
  registerEvaluation(program);

  program.commandsGroup('Registry:');
  const models = program.command('models').description('registered models: versions, approval, aliases, rollback; model files');
  registerModels(models);
  registerModelFile(models);
  registerModelsRegister(models);
  registerDoctor(program);

  program.commandsGroup('Serving:');
  registerServe(program);
  registerMonitor(program);
  registerStream(program);
  return program;
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop()!) ;
if (isMain || process.argv[1]?.endsWith('forewarn') || process.argv[1]?.endsWith('forewarn.js')) {
  const program = buildProgram();
  try {
    await program.parseAsync(process.argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // commander already printed its message; --help / --version exit 0.
      process.exitCode = e.exitCode === 0 ? 0 : 2;
    } else {
      process.exitCode = reportCliError(e);
    }
  }
}
