/**
 * onnxruntime-node, loaded lazily: importing forewarn must not load a native library, and commands that never touch
 * ONNX must keep working where the binary is missing. Errors become FwErrors with onnxruntime's own message.
 */
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { OnnxErrors } from './errors.js';
import { assertNoExternalData } from './external-data.js';

type Ort = typeof import('onnxruntime-node');
let ortPromise: Promise<Ort> | undefined;

export async function loadOrt(): Promise<Ort> {
  ortPromise ??= import('onnxruntime-node').then(
    (m) => ((m as unknown as { default?: Ort }).default ?? m) as Ort,
    (e: unknown) => {
      ortPromise = undefined;
      throw OnnxErrors.FW_ERR_ONNX_RUNTIME(`onnxruntime-node could not be loaded: ${(e as Error).message}`, undefined, e);
    },
  );
  return ortPromise;
}

/** A session over model bytes; `source` names the file (or 'exported model') in errors. */
export async function createSession(bytes: Uint8Array, source: string): Promise<InferenceSession> {
  // Every session is made here: a model that reads other files never reaches onnxruntime.
  assertNoExternalData(bytes, source);
  const ort = await loadOrt();
  try {
    return await ort.InferenceSession.create(bytes, { graphOptimizationLevel: 'all', intraOpNumThreads: 1, interOpNumThreads: 1 });
  } catch (e) {
    throw OnnxErrors.FW_ERR_ONNX_RUNTIME(`${source}: onnxruntime refused the model: ${firstLine(e)}`, undefined, e);
  }
}

export async function floatTensor(data: Float32Array, dims: number[]): Promise<Tensor> {
  const ort = await loadOrt();
  return new ort.Tensor('float32', data, dims);
}

export async function run(session: InferenceSession, feeds: Record<string, Tensor>, source: string): Promise<InferenceSession.ReturnType> {
  try {
    return await session.run(feeds);
  } catch (e) {
    throw OnnxErrors.FW_ERR_ONNX_RUNTIME(`${source}: onnxruntime failed to run the model: ${firstLine(e)}`, undefined, e);
  }
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 500);
}
