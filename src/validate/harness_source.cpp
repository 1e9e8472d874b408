// The harness main(): int8 inputs in, int8 outputs out, one sample at a time.
#include <sstream>

#include "validate/harness.h"

namespace tinyc::validate {

std::string harness_source(const Graph& q) {
  std::ostringstream o;
  o << "/* tinyc validate harness: harness IN.bin OUT.bin SAMPLES. Each sample in IN.bin is\n"
       " * the int8 inputs in graph order; OUT.bin gets the int8 outputs in graph order. */\n"
       "#include \"model.h\"\n#include <stdio.h>\n#include <stdlib.h>\n\n";
  for (size_t i = 0; i < q.inputs.size(); ++i) o << "static int8_t in" << i << "[" << q.tensor(q.inputs[i]).size() << "];\n";
  for (size_t i = 0; i < q.outputs.size(); ++i)
    o << "static int8_t out" << i << "[" << q.tensor(q.outputs[i]).size() << "];\n";
  o << "\nint main(int argc, char** argv) {\n"
       "  FILE* in;\n  FILE* out;\n  long n, s;\n"
       "  if (argc != 4) { fputs(\"usage: harness IN.bin OUT.bin SAMPLES\\n\", stderr); return 2; }\n"
       "  in = fopen(argv[1], \"rb\");\n  out = fopen(argv[2], \"wb\");\n"
       "  if (!in || !out) { perror(\"harness\"); return 2; }\n"
       "  n = atol(argv[3]);\n"
       "  for (s = 0; s < n; ++s) {\n    int rc;\n";
  for (size_t i = 0; i < q.inputs.size(); ++i)
    o << "    if (fread(in" << i << ", 1, sizeof in" << i << ", in) != sizeof in" << i
      << ") { fprintf(stderr, \"harness: the inputs end at sample %ld\\n\", s); return 3; }\n";
  if (q.inputs.size() == 1 && q.outputs.size() == 1) {
    o << "    rc = model_invoke(in0, out0);\n";
  } else {
    o << "    {\n      model_inputs i;\n      model_outputs o;\n";
    for (size_t i = 0; i < q.inputs.size(); ++i) o << "      i.in" << i << " = in" << i << ";\n";
    for (size_t i = 0; i < q.outputs.size(); ++i) o << "      o.out" << i << " = out" << i << ";\n";
    o << "      rc = model_invoke(&i, &o);\n    }\n";
  }
  o << "    if (rc != 0) { fprintf(stderr, \"harness: sample %ld: step %d failed\\n\", s, rc); return 4; }\n";
  for (size_t i = 0; i < q.outputs.size(); ++i)
    o << "    if (fwrite(out" << i << ", 1, sizeof out" << i << ", out) != sizeof out" << i
      << ") { perror(\"harness\"); return 5; }\n";
  o << "  }\n  fclose(in);\n  if (fclose(out) != 0) { perror(\"harness\"); return 5; }\n  return 0;\n}\n";
  return o.str();
}

}  // namespace tinyc::validate
