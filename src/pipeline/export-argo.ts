import { stringify } from 'yaml';
import type { Project } from '../config/load.js';
import { pipelineContext } from './context.js';
import { pipelineDag, type DagNode } from './dag.js';
import { searchTrialCount } from './steps/trial-step.js';

export interface ArgoExportOptions {
  /** Container image holding forewarn (every step runs `forewarn run --step`). */
  image: string;
  /** ConfigMap holding the project's forewarn.yaml (mounted at /etc/forewarn; every step must see the same file). */
  configMap: string;
  /** Default of the workflow parameter data-from: where the ingest step fetches data.tables' files. */
  dataFrom: string;
  serviceAccount: string;
  /** A CronWorkflow on this schedule (scheduled retraining) instead of a one-off Workflow. */
  cron?: string;
  timezone?: string;
}

export const CONFIG_MOUNT = '/etc/forewarn';
export const WORK_DIR = '/work';

const secretEnv = (name: string, secret: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: secret, key } } });

/**
 * `forewarn pipeline export --argo`: the project's pipeline as an Argo Workflow (or CronWorkflow). One DAG task per
 * real step (dag.ts), each a pod running `forewarn run --step <name> --run-key {{workflow.uid}}` in the image, in an
 * empty working folder; steps exchange data only through the shared stores (PostgreSQL from FOREWARN_STORE_URL, S3
 * from the config's artifacts section and AWS_* credentials), so any pod can run on any node. Deterministic output:
 * the checked-in deploy/argo-workflows files are regenerated and compared by a test.
 */
export function argoWorkflow(project: Project, o: ArgoExportOptions): Record<string, unknown> {
  const ctx = pipelineContext(project, () => {});
  const dag = pipelineDag(searchTrialCount(ctx));
  const name = project.config.project.name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'forewarn';
  const container = (args: string[]) => ({
    image: o.image,
    args: ['run', ...args, '--project', CONFIG_MOUNT, '--run-key', '{{workflow.uid}}'],
    workingDir: WORK_DIR,
    env: [
      secretEnv('FOREWARN_STORE_URL', 'forewarn-store', 'url'),
      secretEnv('AWS_ACCESS_KEY_ID', 'forewarn-artifacts', 'accessKeyId'),
      secretEnv('AWS_SECRET_ACCESS_KEY', 'forewarn-artifacts', 'secretAccessKey'),
    ],
    resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi' } },
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
    volumeMounts: [{ name: 'config', mountPath: CONFIG_MOUNT, readOnly: true }, { name: 'work', mountPath: WORK_DIR }, { name: 'tmp', mountPath: '/tmp' }, { name: 'home', mountPath: '/data' }],
  });
  const task = (n: DagNode) => ({
    name: n.name,
    template: n.step === 'trial' ? 'trial' : n.step === 'ingest' ? 'ingest' : 'step',
    ...(n.dependencies.length ? { dependencies: n.dependencies } : {}),
    ...(n.step === 'trial' ? { arguments: { parameters: [{ name: 'index', value: String(n.trial) }] } }
      : n.step !== 'ingest' ? { arguments: { parameters: [{ name: 'step', value: n.step }] } } : {}),
  });
  const retry = { limit: 2, retryPolicy: 'OnError' as const };
  const spec = {
    entrypoint: 'pipeline',
    serviceAccountName: o.serviceAccount,
    arguments: { parameters: [{ name: 'data-from', value: o.dataFrom }] },
    securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 },
    volumes: [{ name: 'config', configMap: { name: o.configMap } }, { name: 'work', emptyDir: {} }, { name: 'tmp', emptyDir: {} }, { name: 'home', emptyDir: {} }],
    podGC: { strategy: 'OnPodSuccess' as const },
    ttlStrategy: { secondsAfterSuccess: 86400, secondsAfterFailure: 604800 },
    templates: [
      { name: 'pipeline', dag: { failFast: true, tasks: dag.map(task) } },
      { name: 'ingest', retryStrategy: retry, container: container(['--step', 'ingest', '--data-from', '{{workflow.parameters.data-from}}']) },
      { name: 'step', inputs: { parameters: [{ name: 'step' }] }, retryStrategy: retry, container: container(['--step', '{{inputs.parameters.step}}']) },
      { name: 'trial', inputs: { parameters: [{ name: 'index' }] }, retryStrategy: retry, container: container(['--step', 'trial', '--trial', '{{inputs.parameters.index}}']) },
    ],
  };
  const labels = { 'app.kubernetes.io/part-of': 'forewarn', 'app.kubernetes.io/component': 'pipeline' };
  if (o.cron) {
    return {
      apiVersion: 'argoproj.io/v1alpha1', kind: 'CronWorkflow',
      metadata: { name: `${name}-retrain`, labels },
      spec: { schedule: o.cron, ...(o.timezone ? { timezone: o.timezone } : {}), concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 3600, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 3, workflowSpec: spec },
    };
  }
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { generateName: `${name}-train-`, labels }, spec };
}

export function argoYaml(project: Project, o: ArgoExportOptions, generatedBy: string): string {
  return `# GENERATED by \`${generatedBy}\` from the pipeline's real steps (src/pipeline/dag.ts); do not edit.\n` +
    `# A test regenerates it and fails when it differs (test/deploy/argo-workflow.test.ts).\n` +
    stringify(argoWorkflow(project, o), { lineWidth: 0 });
}
