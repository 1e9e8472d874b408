// tinyc — validating a model on a data set with the code that will ship
// (`tinyc validate`, docs/validate.md).
//
//   model --compile for host--> generated folder --system C++ compiler--> harness (cached)
//   X.npy --samples [shard]--+--> harness (one process per job)  --int8 outputs--+
//                            +--> int8 reference (threads)         --int8 outputs--+--> byte comparison
//                            +--> float reference (threads)        --float outputs-+--> SQNR, cosine, top-1
//
// Results of shards merge into exactly the result of one run over all samples:
// counts add, mismatching indices are global, and the float statistics are
// exact sums (ExactSum), whose rounded value does not depend on how the
// samples were split.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace tinyc {

/// A sum of doubles kept exactly (Shewchuk's non-overlapping partials, as in
/// Python's math.fsum): value() is the correctly rounded sum of everything
/// added, whatever the order or grouping. Non-finite terms are summed apart.
class ExactSum {
 public:
  void add(double x);
  void add(const ExactSum& other);
  double value() const;
  /// The exact state, for partial-result files, in a canonical form (equal
  /// sums give equal lists, smallest magnitude first): the correctly rounded
  /// value, then that of the remainder, and so on. special() is the sum of the
  /// non-finite terms (0 when there was none).
  std::vector<double> partials() const;
  double special() const { return special_; }
  static ExactSum from_state(const std::vector<double>& partials, double special);

 private:
  std::vector<double> partials_;
  double special_ = 0;
};

/// Shard I of N: the samples [I*S/N, (I+1)*S/N) of S.
struct Shard {
  int64_t index = 0, count = 1;
};
/// Parses "I/N" (0 <= I < N); usage Error otherwise.
Shard parse_shard(const std::string& spec);
/// The global sample range [first, last) of a shard of `samples`.
std::pair<int64_t, int64_t> shard_range(const Shard& s, int64_t samples);

struct ValidateOptions {
  std::string model;
  std::vector<std::string> data;    ///< one .npy per graph input; first dimension = samples
  std::string labels;               ///< optional .npy of class indices, one per sample
  std::vector<std::string> calib;   ///< calibration .npy per input (float models)
  std::vector<std::string> shapes;  ///< --shape specs (pipeline.h, parse_shape_specs)
  Shard shard;
  std::string cache_dir;            ///< "" = default_cache_dir()
  int jobs = 0;                     ///< processes / threads; 0 = all hardware threads
  std::string compiler;             ///< "" = $CXX, else "c++"
  /// Called from the calling thread while samples run: (samples done, samples in this run).
  std::function<void(int64_t, int64_t)> progress;
  /// Test hook: flips one bit of the generated code's output for this global
  /// sample index (so tests can see a mismatch being caught). -1 = off.
  int64_t test_corrupt_sample = -1;
};

/// Float reference vs int8 reference for one graph output, as exact sums over
/// all its elements: f = float output, q = dequantized int8 output.
struct OutputStats {
  std::string name;
  int64_t elements = 0;
  ExactSum ff, qq, fq, noise;  ///< sum f^2, q^2, f*q, (f-q)^2
  double max_abs_diff = 0;
  double sqnr_db() const;      ///< 10 log10(ff / noise); +inf when noise is 0
  double cosine() const;       ///< fq / sqrt(ff * qq); 1 when both are 0
};

/// The result of a run, of a shard, or of merged shards.
struct ValidateResult {
  // What was validated (equal in every part of one job).
  std::string model;               ///< the model's file name
  std::string model_key;           ///< hash of the model, calibration data, shapes and tinyc version
  std::string data_key;            ///< hash of the data and labels
  int64_t samples_total = 0;       ///< samples in the data file
  std::vector<std::pair<int64_t, int64_t>> ranges;  ///< global [first, last) ranges covered, sorted, coalesced
  // Results.
  int64_t samples = 0;             ///< samples validated
  int64_t mismatched_samples = 0;  ///< generated output != int8 reference in any byte
  int64_t mismatched_bytes = 0;
  std::vector<int64_t> mismatch_indices;  ///< the first kMaxListed mismatching global indices, ascending
  bool has_labels = false;
  int64_t float_correct = 0, int8_correct = 0;  ///< top-1 hits against the labels
  int64_t top1_agree = 0;          ///< samples whose float and int8 top-1 (output 0) agree
  std::vector<OutputStats> outputs;
  // How the run went (not part of the comparison of results).
  int64_t parts = 1;               ///< results merged into this one
  double seconds = 0;              ///< summed over parts: running samples (harness + references)
  int jobs = 1;
  bool build_cached = false;       ///< the harness came from the cache
  std::string build_dir;
  static constexpr size_t kMaxListed = 100;
  double samples_per_second() const { return seconds > 0 ? static_cast<double>(samples) / seconds : 0; }
};

/// Compiles the model for the host (or reuses the cached build), runs the
/// options' shard of the samples through the generated code, the int8 and the
/// float reference, and compares. Throws Error for bad models, data or
/// options, and when the harness cannot be built or fails (Internal). A
/// mismatch is a result, not an error (see check_result).
ValidateResult validate_model(const ValidateOptions& opts);

/// Combines shard results: they must come from the same model and data
/// (model_key, samples_total), must not overlap and must cover every sample.
/// Error (Model kind, naming `files[i]` when given) otherwise.
ValidateResult merge_results(const std::vector<ValidateResult>& parts, const std::vector<std::string>& files = {});

/// The report for people: what was compared, mismatches (first indices),
/// accuracy or agreement, per-output SQNR and cosine, and speed.
std::string format_result(const ValidateResult& r);
/// The same as one JSON object, which is also the partial-result file format
/// (it keeps the exact sums). `with_run` = false leaves out the "run" object
/// (timing, build), so results of differently split runs compare equal.
std::string result_json(const ValidateResult& r, bool with_run = true);
/// Reads result_json's output; Error naming `file` when it is not one.
ValidateResult parse_result_json(const std::string& text, const std::string& file);

/// result_json into `path` (written to a temporary name and renamed), and back.
void write_result_file(const std::string& path, const ValidateResult& r);
ValidateResult read_result_file(const std::string& path);

/// Throws Error(ErrorKind::Mismatch) when any sample differed (after the report was shown).
void check_result(const ValidateResult& r);

/// $XDG_CACHE_HOME/tinyc, else $HOME/.cache/tinyc, else <temp>/tinyc-cache.
std::string default_cache_dir();

}  // namespace tinyc
