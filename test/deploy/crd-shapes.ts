import { z } from 'zod';
import type { K8sObject } from './manifests.js';

/**
 * Structural checks for the two custom resources no Node 20 schema package covers (see manifests.ts): the fields
 * forewarn uses, typed as the CRDs document them (KServe v1beta1 InferenceService, Argo Workflows v1alpha1
 * Workflow / CronWorkflow), with unknown keys refused at the CRD level so a typo is caught. Pod-level parts are
 * returned to be validated by kubernetes-models' core schemas.
 */
const name = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a DNS-1123 label');
const metadata = z.object({ name: name.optional(), generateName: z.string().optional(), namespace: name.optional(), labels: z.record(z.string(), z.string()).optional(), annotations: z.record(z.string(), z.string()).optional() }).strict()
  .refine((m) => m.name || m.generateName, 'metadata.name or metadata.generateName');

// KServe ComponentExtensionSpec fields that sit beside the PodSpec fields in spec.predictor.
const KSERVE_EXTENSIONS = ['minReplicas', 'maxReplicas', 'scaleMetric', 'scaleTarget', 'containerConcurrency', 'timeout', 'canaryTrafficPercent', 'logger', 'batcher', 'labels', 'annotations', 'deploymentStrategy'] as const;
const inferenceService = z.object({
  apiVersion: z.literal('serving.kserve.io/v1beta1'),
  kind: z.literal('InferenceService'),
  metadata,
  spec: z.object({
    predictor: z.object({
      minReplicas: z.number().int().min(0).optional(),
      maxReplicas: z.number().int().min(1).optional(),
      scaleMetric: z.enum(['cpu', 'memory', 'concurrency', 'rps']).optional(),
      scaleTarget: z.number().int().positive().optional(),
      containerConcurrency: z.number().int().min(0).optional(),
      timeout: z.number().int().positive().optional(),
      // A custom predictor: its own containers; KServe routes to the one named kserve-container.
      containers: z.array(z.object({ name: z.literal('kserve-container'), ports: z.array(z.object({ name: z.enum(['http1', 'h2c']), containerPort: z.number().int() }).passthrough()).length(1) }).passthrough()).length(1),
    }).passthrough(),
  }).strict(),
}).strict();

/** Checks the InferenceService shell; returns the predictor's PodSpec part (KServe-only fields removed). */
export function checkInferenceService(o: K8sObject): Record<string, unknown> {
  const r = inferenceService.safeParse(o);
  if (!r.success) throw new Error(`InferenceService ${o.metadata?.name}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const pod: Record<string, unknown> = { ...(o.spec.predictor as Record<string, unknown>) };
  for (const k of KSERVE_EXTENSIONS) delete pod[k];
  return pod;
}

const parameter = z.object({ name: z.string().min(1), value: z.string().optional() }).strict();
const task = z.object({
  name: z.string().regex(/^[a-zA-Z0-9][-a-zA-Z0-9]*$/),
  template: z.string().min(1),
  dependencies: z.array(z.string()).optional(),
  arguments: z.object({ parameters: z.array(parameter).optional() }).strict().optional(),
}).strict();
const template = z.object({
  name: z.string().min(1),
  inputs: z.object({ parameters: z.array(z.object({ name: z.string().min(1), value: z.string().optional() }).strict()).optional() }).strict().optional(),
  container: z.object({ image: z.string().min(1) }).passthrough().optional(),
  dag: z.object({ tasks: z.array(task).min(1), failFast: z.boolean().optional() }).strict().optional(),
  retryStrategy: z.object({ limit: z.union([z.number().int(), z.string()]), retryPolicy: z.enum(['Always', 'OnFailure', 'OnError', 'OnTransientError']).optional() }).strict().optional(),
  activeDeadlineSeconds: z.number().int().positive().optional(),
  podSpecPatch: z.string().optional(),
}).strict().refine((t) => (t.container ? 1 : 0) + (t.dag ? 1 : 0) === 1, 'a template has exactly one of container, dag');
const workflowSpec = z.object({
  entrypoint: z.string().min(1),
  serviceAccountName: name.optional(),
  parallelism: z.number().int().positive().optional(),
  arguments: z.object({ parameters: z.array(parameter).optional() }).strict().optional(),
  securityContext: z.record(z.string(), z.unknown()).optional(),
  volumes: z.array(z.record(z.string(), z.unknown())).optional(),
  ttlStrategy: z.object({ secondsAfterCompletion: z.number().int().optional(), secondsAfterSuccess: z.number().int().optional(), secondsAfterFailure: z.number().int().optional() }).strict().optional(),
  podGC: z.object({ strategy: z.enum(['OnPodCompletion', 'OnPodSuccess', 'OnWorkflowCompletion', 'OnWorkflowSuccess']) }).strict().optional(),
  templates: z.array(template).min(1),
}).strict();
const CRON = /^(\S+\s+){4}\S+$/;
const workflow = z.object({ apiVersion: z.literal('argoproj.io/v1alpha1'), kind: z.literal('Workflow'), metadata, spec: workflowSpec }).strict();
const cronWorkflow = z.object({
  apiVersion: z.literal('argoproj.io/v1alpha1'), kind: z.literal('CronWorkflow'), metadata,
  spec: z.object({
    schedule: z.string().regex(CRON, 'five cron fields'),
    timezone: z.string().optional(),
    concurrencyPolicy: z.enum(['Allow', 'Forbid', 'Replace']).optional(),
    startingDeadlineSeconds: z.number().int().optional(),
    successfulJobsHistoryLimit: z.number().int().optional(),
    failedJobsHistoryLimit: z.number().int().optional(),
    workflowSpec,
  }).strict(),
}).strict();

export type WorkflowSpec = z.infer<typeof workflowSpec>;

/** Checks an Argo Workflow or CronWorkflow (references resolve, the DAG has no cycle); returns its containers, named. */
export function checkArgoWorkflow(o: K8sObject): Record<string, unknown>[] {
  const r = (o.kind === 'CronWorkflow' ? cronWorkflow : workflow).safeParse(o);
  if (!r.success) throw new Error(`${o.kind} ${o.metadata?.name ?? o.metadata?.['generateName' as 'name']}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const spec: WorkflowSpec = 'workflowSpec' in r.data.spec ? r.data.spec.workflowSpec : (r.data.spec as WorkflowSpec);
  const byName = new Map(spec.templates.map((t) => [t.name, t]));
  if (byName.size !== spec.templates.length) throw new Error('template names are not unique');
  if (!byName.has(spec.entrypoint)) throw new Error(`entrypoint ${spec.entrypoint} is not a template`);
  for (const t of spec.templates) {
    if (!t.dag) continue;
    const tasks = new Map(t.dag.tasks.map((k) => [k.name, k]));
    for (const k of t.dag.tasks) {
      if (!byName.has(k.template)) throw new Error(`task ${k.name}: template ${k.template} does not exist`);
      for (const d of k.dependencies ?? []) if (!tasks.has(d)) throw new Error(`task ${k.name}: dependency ${d} does not exist`);
    }
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (n: string): void => {
      if (state.get(n) === 'done') return;
      if (state.get(n) === 'visiting') throw new Error(`dag ${t.name}: cycle through ${n}`);
      state.set(n, 'visiting');
      for (const d of tasks.get(n)!.dependencies ?? []) visit(d);
      state.set(n, 'done');
    };
    for (const n of tasks.keys()) visit(n);
  }
  return spec.templates.filter((t) => t.container).map((t) => ({ name: t.name, ...(t.container as Record<string, unknown>) }));
}
