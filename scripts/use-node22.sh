# Source this file: it makes sure `node` is version 22 or newer for the rest of the shell.
# Machines that ship an older Node get Node 22 from the npm registry (the node-linux-<arch>
# package carries the binary and the headers) under .tools/, and native addons are pointed
# at those headers through npm_config_nodedir.
_lma_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_lma_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "${_lma_major}" -lt 22 ]; then
  _lma_arch="$(node -p 'process.arch' 2>/dev/null || uname -m | sed 's/x86_64/x64/;s/aarch64/arm64/')"
  _lma_pkg="node-linux-${_lma_arch}"
  _lma_dir="${_lma_root}/.tools/node_modules/${_lma_pkg}"
  if [ ! -x "${_lma_dir}/bin/node" ]; then
    echo "Node ${_lma_major} is older than 22: installing ${_lma_pkg}@22 under .tools/" >&2
    npm install --no-save --no-package-lock --no-audit --no-fund --prefix "${_lma_root}/.tools" "${_lma_pkg}@22" >&2
  fi
  export PATH="${_lma_dir}/bin:${PATH}"
  export npm_config_nodedir="${_lma_dir}"
fi
echo "Using Node $(node --version) at $(command -v node)" >&2
unset _lma_root _lma_major _lma_arch _lma_pkg _lma_dir
