#!/usr/bin/env bash
# Installs the Debian packages Hourglass needs to build, test and plot.
# Idempotent: installs only what is missing, runs apt-get update at most once.
set -euo pipefail

packages=(
  cmake g++ make git pkg-config
  libhdf5-dev libaec-dev zlib1g-dev libssl-dev libcurl4-openssl-dev
  libcli11-dev libfmt-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-venv python3-h5py python3-numpy python3-scipy python3-matplotlib
  # MPI runs and their tests (docs/cluster.md): OpenMPI, parallel HDF5, and a
  # single-node Slurm with munge for the `slurm` test
  openmpi-bin libopenmpi-dev libhdf5-openmpi-dev slurmctld slurmd slurm-client munge
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup-deps: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "setup-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
