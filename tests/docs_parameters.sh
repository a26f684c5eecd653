#!/usr/bin/env bash
# docs_parameters.sh: docs/parameters.md is exactly what `nabij describe --markdown` prints,
# so the documented parameters are the ones the program has. Regenerate with
#   ./build/nabij describe --markdown > docs/parameters.md
set -euo pipefail
: "${NABIJ:?}" "${NABIJ_SRC:?}"
if ! diff <("$NABIJ" describe --markdown) "$NABIJ_SRC/docs/parameters.md" > /tmp/nabij-docs-diff.$$; then
  echo "docs/parameters.md is out of date; regenerate it with: nabij describe --markdown > docs/parameters.md"
  head -20 /tmp/nabij-docs-diff.$$; rm -f /tmp/nabij-docs-diff.$$; exit 1
fi
rm -f /tmp/nabij-docs-diff.$$
echo "docs_parameters: ok"
