import { defineErrors } from '../../core/errors.js';

export const OnnxErrors = defineErrors({
  FW_ERR_ONNX_BAD_FILE: { status: 400, exit: 2, description: 'A file is not a readable ONNX model (truncated, not protobuf, missing graph); the message names the file and what is wrong.' },
  FW_ERR_ONNX_UNSUPPORTED: { status: 422, exit: 2, description: 'The model cannot be exported to / served from ONNX in this form (e.g. ZipMap outputs, several inputs, unknown model kind); the message says which part and how to change it.' },
  FW_ERR_ONNX_BAD_INPUT: { status: 400, exit: 2, description: 'Rows given to an ONNX model do not match its input (wrong number of features, non-numeric values).' },
  FW_ERR_ONNX_RUNTIME: { status: 500, exit: 1, description: 'onnxruntime failed to load or run the model; the message includes its error.' },
  FW_ERR_ONNX_EXTERNAL_DATA: { status: 422, exit: 2, description: 'The ONNX model keeps tensor data in an external file (relative or absolute path); forewarn refuses such models at registration and load, since they can read any file the server can. Re-export with the weights inside the model.' },
  FW_ERR_ONNX_NOT_PROBABILITIES: { status: 422, exit: 2, description: 'The ONNX model\'s probability output is not a probability distribution (a value not finite or outside [0, 1], or a row not summing to 1); it is refused at registration and load, and such an answer is never served.' },
  FW_ERR_ONNX_VERIFY_FAILED: { status: 422, exit: 3, description: 'The exported ONNX model does not reproduce the forewarn model within tolerance; the message gives the worst row and difference.' },
});
