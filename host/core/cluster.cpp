#include "host/core/cluster.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <new>

#include "host/core/errors.hpp"
#include "host/core/interrupt.hpp"

#ifdef HG_MPI
#include <mpi.h>
#endif

namespace hg::cluster {

namespace {

struct World {
  bool started = false;  // MPI_Init_thread ran
  int rank = 0;
  int size = 1;
  int local_rank = 0;
  int local_size = 1;
};

World& world() {
  static World w;
  return w;
}

bool g_failure_agreed = false;

// A failure every rank agreed on (all_succeeded), encoded to cross ranks:
// "I<kind>\n<message>", "S<signal>\n…", "R0\n…", "M0\n…" (out of memory).
std::string encode_current_exception() {
  try {
    throw;
  } catch (const InputError& e) {
    return fmt::format("I{}\n{}", static_cast<int>(e.kind()), e.what());
  } catch (const Interrupted& e) {
    return fmt::format("S{}\n{}", e.signal(), e.what());
  } catch (const std::bad_alloc&) {
    return "M0\nout of memory";
  } catch (const std::exception& e) {
    return fmt::format("R0\n{}", e.what());
  } catch (...) {
    return "R0\nan unknown failure";
  }
}

[[noreturn]] void throw_encoded(const std::string& encoded, int from_rank) {
  const std::size_t newline = encoded.find('\n');
  const int code = std::atoi(encoded.substr(1, newline - 1).c_str());
  std::string message = encoded.substr(newline + 1);
  // Rank 0 reports: a failure of another rank says where it happened.
  if (from_rank != 0) message = fmt::format("rank {} of {}: {}", from_rank, size(), message);
  switch (encoded[0]) {
    case 'I':
      throw InputError(static_cast<ErrorKind>(code), message);
    case 'S':
      throw Interrupted(code, message);
    case 'M':
      throw std::bad_alloc();
    default:
      throw RuntimeError(message);
  }
}

}  // namespace

#ifdef HG_MPI

namespace {

MPI_Comm comm() { return MPI_COMM_WORLD; }

void check(int status, const char* call) {
  if (status != MPI_SUCCESS) {
    char text[MPI_MAX_ERROR_STRING];
    int length = 0;
    MPI_Error_string(status, text, &length);
    throw RuntimeError(fmt::format("{} failed: {}", call, std::string(text, static_cast<std::size_t>(length))));
  }
}

// Launched by an MPI launcher: OpenMPI's mpirun, or a PMI/PMIx launcher
// (srun --mpi=pmix). Started any other way the binary runs alone without
// initialising MPI (no singleton runtime to start).
bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(name) != nullptr) return true;
  return false;
}

void reduce(std::span<std::uint64_t> values, MPI_Op op) {
  if (!world().started || values.empty()) return;
  check(MPI_Allreduce(MPI_IN_PLACE, values.data(), static_cast<int>(values.size()), MPI_UINT64_T, op, comm()),
        "MPI_Allreduce");
}

}  // namespace

Session::Session(int& argc, char**& argv) {
  if (!launched_by_mpi()) return;
  int provided = 0;
  if (MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
    fmt::print(stderr, "hourglass: error: MPI_Init_thread failed\n");
    std::exit(kExitRuntimeError);
  }
  World& w = world();
  w.started = true;
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  MPI_Comm_rank(MPI_COMM_WORLD, &w.rank);
  MPI_Comm_size(MPI_COMM_WORLD, &w.size);
  MPI_Comm node;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, w.rank, MPI_INFO_NULL, &node);
  MPI_Comm_rank(node, &w.local_rank);
  MPI_Comm_size(node, &w.local_size);
  MPI_Comm_free(&node);
}

Session::~Session() {
  if (world().started) MPI_Finalize();
}

bool compiled_with_mpi() { return true; }
const void* mpi_comm() {
  static const MPI_Comm world_comm = MPI_COMM_WORLD;
  return world().started ? &world_comm : nullptr;
}

void barrier() {
  if (world().started) check(MPI_Barrier(comm()), "MPI_Barrier");
}

void broadcast(std::string& text) {
  if (!world().started) return;
  std::uint64_t length = text.size();
  check(MPI_Bcast(&length, 1, MPI_UINT64_T, 0, comm()), "MPI_Bcast");
  text.resize(length);
  check(MPI_Bcast(text.data(), static_cast<int>(length), MPI_CHAR, 0, comm()), "MPI_Bcast");
}

void broadcast(std::vector<std::uint64_t>& values) {
  if (!world().started) return;
  std::uint64_t length = values.size();
  check(MPI_Bcast(&length, 1, MPI_UINT64_T, 0, comm()), "MPI_Bcast");
  values.resize(length);
  check(MPI_Bcast(values.data(), static_cast<int>(length), MPI_UINT64_T, 0, comm()), "MPI_Bcast");
}

void all_min(std::span<std::uint64_t> values) { reduce(values, MPI_MIN); }
void all_max(std::span<std::uint64_t> values) { reduce(values, MPI_MAX); }
void all_sum(std::span<std::uint64_t> values) { reduce(values, MPI_SUM); }
void all_or(std::span<std::uint64_t> values) { reduce(values, MPI_BOR); }

std::vector<std::string> all_gather(const std::string& bytes) {
  if (!world().started) return {bytes};
  const int ranks = size();
  int length = static_cast<int>(bytes.size());
  std::vector<int> lengths(static_cast<std::size_t>(ranks)), offsets(static_cast<std::size_t>(ranks));
  check(MPI_Allgather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, comm()), "MPI_Allgather");
  std::size_t total = 0;
  for (int r = 0; r < ranks; ++r) {
    offsets[static_cast<std::size_t>(r)] = static_cast<int>(total);
    total += static_cast<std::size_t>(lengths[static_cast<std::size_t>(r)]);
  }
  std::string all(total, '\0');
  check(MPI_Allgatherv(bytes.data(), length, MPI_CHAR, all.data(), lengths.data(), offsets.data(), MPI_CHAR, comm()),
        "MPI_Allgatherv");
  std::vector<std::string> out;
  for (int r = 0; r < ranks; ++r)
    out.push_back(all.substr(static_cast<std::size_t>(offsets[static_cast<std::size_t>(r)]),
                             static_cast<std::size_t>(lengths[static_cast<std::size_t>(r)])));
  return out;
}

struct SharedCounter::State {
  MPI_Win window = MPI_WIN_NULL;
  std::uint64_t* base = nullptr;
};

SharedCounter::SharedCounter() : state_(nullptr) {
  if (!world().started) return;
  state_ = new State;
  const MPI_Aint bytes = rank() == 0 ? static_cast<MPI_Aint>(sizeof(std::uint64_t)) : 0;
  check(MPI_Win_allocate(bytes, sizeof(std::uint64_t), MPI_INFO_NULL, comm(), &state_->base, &state_->window),
        "MPI_Win_allocate");
  if (rank() == 0) *state_->base = 0;
  check(MPI_Barrier(comm()), "MPI_Barrier");
  check(MPI_Win_lock_all(MPI_MODE_NOCHECK, state_->window), "MPI_Win_lock_all");
}

SharedCounter::~SharedCounter() {
  if (state_ == nullptr) return;
  MPI_Win_unlock_all(state_->window);
  MPI_Win_free(&state_->window);
  delete state_;
}

std::uint64_t SharedCounter::fetch_add(std::uint64_t amount) {
  if (state_ == nullptr) {
    const std::uint64_t before = local_;
    local_ += amount;
    return before;
  }
  std::uint64_t before = 0;
  check(MPI_Fetch_and_op(&amount, &before, MPI_UINT64_T, 0, 0, MPI_SUM, state_->window), "MPI_Fetch_and_op");
  check(MPI_Win_flush(0, state_->window), "MPI_Win_flush");
  return before;
}

void abort_all(int status) {
  if (world().started) MPI_Abort(MPI_COMM_WORLD, status);
  std::exit(status);
}

#else  // one rank alone

Session::Session(int&, char**&) {}
Session::~Session() = default;
bool compiled_with_mpi() { return false; }
const void* mpi_comm() { return nullptr; }
void barrier() {}
void broadcast(std::string&) {}
void broadcast(std::vector<std::uint64_t>&) {}
void all_min(std::span<std::uint64_t>) {}
void all_max(std::span<std::uint64_t>) {}
void all_sum(std::span<std::uint64_t>) {}
void all_or(std::span<std::uint64_t>) {}
std::vector<std::string> all_gather(const std::string& bytes) { return {bytes}; }

struct SharedCounter::State {};
SharedCounter::SharedCounter() : state_(nullptr) {}
SharedCounter::~SharedCounter() = default;
std::uint64_t SharedCounter::fetch_add(std::uint64_t amount) {
  const std::uint64_t before = local_;
  local_ += amount;
  return before;
}

void abort_all(int status) { std::exit(status); }

#endif

bool under_mpirun() { return world().started; }
int rank() { return world().rank; }
int size() { return world().size; }
int local_rank() { return world().local_rank; }
int local_size() { return world().local_size; }

std::uint64_t all_max(std::uint64_t value) {
  all_max(std::span<std::uint64_t>(&value, 1));
  return value;
}

std::uint64_t all_sum(std::uint64_t value) {
  all_sum(std::span<std::uint64_t>(&value, 1));
  return value;
}

int first_disagreeing_rank(const std::string& text) {
  if (!distributed()) return -1;
  std::string mine = text;
  std::string leader_text = text;
  broadcast(leader_text);
  const std::uint64_t differs = all_max(std::uint64_t{mine != leader_text ? 1u : 0u});
  if (differs == 0) return -1;
  const std::vector<std::string> flags = all_gather(mine != leader_text ? "1" : "0");
  for (int r = 0; r < size(); ++r)
    if (flags[static_cast<std::size_t>(r)] == "1") return r;
  return -1;
}

void all_succeeded(const std::function<void()>& work) {
  if (!distributed()) {
    work();
    return;
  }
  std::string failure;
  try {
    work();
  } catch (...) {
    failure = encode_current_exception();
  }
  if (all_max(std::uint64_t{failure.empty() ? 0u : 1u}) == 0) return;
  const std::vector<std::string> failures = all_gather(failure);
  g_failure_agreed = true;
  for (int r = 0; r < size(); ++r)
    if (!failures[static_cast<std::size_t>(r)].empty()) throw_encoded(failures[static_cast<std::size_t>(r)], r);
}

bool failure_agreed() { return g_failure_agreed; }

std::string rank_label() {
  if (!distributed()) return "";
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return fmt::format("rank {} of {} on {}", rank(), size(), host);
}

}  // namespace hg::cluster
