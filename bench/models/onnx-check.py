#!/usr/bin/env python3
"""Run the official ONNX checker (with full shape inference) on exported files: an independent check of forewarn's
hand-written protobuf encoder. Needs python3-onnx (Debian: apt-get install python3-onnx).

  forewarn models export-onnx model.json -o /tmp/m.onnx && /usr/bin/python3 bench/models/onnx-check.py /tmp/m.onnx
"""
import sys, onnx
from onnx import checker, shape_inference
for p in sys.argv[1:]:
    m = onnx.load(p)
    try:
        checker.check_model(m, full_check=True)
        print(p, 'OK', [ (o.domain, o.version) for o in m.opset_import], len(m.graph.node), 'nodes', {e.key: len(e.value) for e in m.metadata_props})
    except Exception as e:
        print(p, 'FAIL', str(e)[:400])
