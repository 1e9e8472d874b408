// run_float_pipeline: the cleanup every imported float or QDQ graph gets.
#include "tinyc/passes.h"

namespace tinyc {

void run_float_pipeline(Graph& g) {
  // First, so that Identity/Dropout between two nodes hide no pattern from the
  // passes below (a Conv -> Identity -> BatchNormalization still folds).
  remove_identities(g);
  // Collapses shape subgraphs (Shape -> Gather -> Concat -> Reshape) so that
  // Reshape and friends see constant shapes.
  fold_constants(g);
  // Before the pattern passes: they fuse into a producer only when it has a
  // single consumer, and a dead consumer (a branch only feeding a folded Shape)
  // would block them.
  eliminate_dead_nodes(g);
  // Before fuse_activations: Conv -> BN -> Relu must become Conv -> Relu for
  // the Relu to fuse into the Conv.
  fold_batchnorm(g);
  // Last: a fused activation ends a node's arithmetic, so no rewrite of the
  // node's weights (BN folding) may come after it.
  fuse_activations(g);
}

}  // namespace tinyc
