#pragma once
// The ranks of a run (docs/cluster.md). Started by `mpirun -n R` in a build
// with MPI (HOURGLASS_MPI), a command runs as R ranks that share its work;
// started any other way, or in a build without MPI, it is one rank alone and
// every call here is the identity or a no-op. MPI itself stays behind this
// header: nothing else includes mpi.h but the parallel file layer
// (io/h5.cpp), which asks for the communicator through mpi_comm().
//
// Every collective here is called by every rank in the same order. Before a
// collective that could hang when one rank has failed, the job agrees first
// (agree_on, all_succeeded): a rank that failed still takes part in the
// agreement, so every rank learns of the failure and stops together.

#include <cstdint>
#include <exception>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hg::cluster {

// Started once in main: MPI_Init_thread when the process was launched by an
// MPI launcher (mpirun, srun with PMI), MPI_Finalize at the end.
class Session {
 public:
  Session(int& argc, char**& argv);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
};

bool compiled_with_mpi();
bool under_mpirun();  // started by an MPI launcher, with one rank or more
int rank();        // 0 alone
int size();        // 1 alone
int local_rank();  // the rank among those on this node (its GPU)
int local_size();
inline bool distributed() { return size() > 1; }
inline bool leader() { return rank() == 0; }

// The communicator of every rank as MPI_Comm (cast back by io/h5.cpp);
// null alone.
const void* mpi_comm();

void barrier();

// Rank 0's value on every rank.
void broadcast(std::string& text);
void broadcast(std::vector<std::uint64_t>& values);

// Elementwise reductions over every rank, the result on every rank. Min and
// max are exact; sums of integers are exact in any order.
void all_min(std::span<std::uint64_t> values);
void all_max(std::span<std::uint64_t> values);
void all_sum(std::span<std::uint64_t> values);
void all_or(std::span<std::uint64_t> values);
std::uint64_t all_max(std::uint64_t value);
std::uint64_t all_sum(std::uint64_t value);

// Every rank's bytes, in rank order, on every rank.
std::vector<std::string> all_gather(const std::string& bytes);

// The lowest rank whose `text` differs from rank 0's, or -1 when all agree.
int first_disagreeing_rank(const std::string& text);

// Runs `work` on every rank and agrees on the outcome: when some rank
// threw, every rank throws the exception of the lowest failing rank (its
// kind, status and message; an InputError stays an InputError), so that
// rank 0 reports it and every rank exits with its status. Alone: `work`.
void all_succeeded(const std::function<void()>& work);
// Whether the failure now propagating is one every rank agreed on
// (thrown by all_succeeded): then rank 0 alone reports it and the ranks end
// together; any other failure on any rank ends the whole job (abort_all).
bool failure_agreed();

// A counter in rank 0's memory that every rank advances without rank 0
// taking part (one-sided MPI): the shared queue of row blocks.
class SharedCounter {
 public:
  SharedCounter();  // collective: every rank constructs it together
  ~SharedCounter();  // collective
  SharedCounter(const SharedCounter&) = delete;
  SharedCounter& operator=(const SharedCounter&) = delete;
  // Adds `amount` and returns the value before.
  std::uint64_t fetch_add(std::uint64_t amount);

 private:
  struct State;
  State* state_;
  std::uint64_t local_ = 0;  // alone
};

// Ends every rank of the job at once (MPI_Abort): for a failure from
// which the ranks cannot agree to stop (a rank that can no longer reach the
// others). Alone: std::exit.
[[noreturn]] void abort_all(int status);

// "rank 2 of 4 on node7" for messages; "" alone.
std::string rank_label();

}  // namespace hg::cluster
