# The connector image for Airbyte (and Meltano's tap-airbyte, and `docker run`).
# Its contents are the npm package (the files `npm pack` ships) plus production dependencies from the
# lockfile: integration_tests/packaging.test.ts installs that same package in an empty folder and runs it.

# --- build: bundle with the dev toolchain, pack, install production dependencies ----------------------
# The bundle (dist/cli/) carries every package the connector uses, so production dependencies are none
# today; the install step stays so that one added later is still installed from the lockfile.
FROM node:22-bookworm-slim AS build
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json spec.json ./
COPY scripts/generate-types.mjs scripts/build.mjs scripts/
COPY schemas/ schemas/
COPY src/ src/
# npm pack decides what is shipped ("files" in package.json), exactly as for the npm package; the lockfile
# (which pack leaves out) then pins the production dependencies.
RUN npm run build:connector \
 && npm pack --ignore-scripts --pack-destination /tmp \
 && mkdir /package \
 && tar -xzf /tmp/source-coding-*.tgz -C /package --strip-components=1 \
 && cp package-lock.json /package/ \
 && cd /package \
 && npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm package-lock.json

# --- runtime: Node and the package, nothing else -------------------------------------------------------
FROM node:22-bookworm-slim
ENV NODE_ENV=production
# Airbyte images run as a user named airbyte that owns /airbyte. The Node image's uid-1000 user is renamed
# rather than a second one added. npm and yarn are removed: nothing installs anything at run time.
RUN groupmod --new-name airbyte node \
 && usermod --login airbyte --home /airbyte node \
 && mkdir -p /airbyte \
 && chown airbyte:airbyte /airbyte \
 && rm -rf /usr/local/lib/node_modules/npm /usr/local/bin/npm /usr/local/bin/npx /usr/local/lib/node_modules/corepack /usr/local/bin/corepack /opt/yarn-* /usr/local/bin/yarn /usr/local/bin/yarnpkg
# Owned by root: the connector can read its code but not change it.
COPY --from=build /package /airbyte/integration_code
WORKDIR /airbyte
# Absolute paths: the platform may start the container in another working directory. Config, catalog and
# state are files named on the command line, so they can be mounted anywhere (/data, /tmp, /secrets).
ENV AIRBYTE_ENTRYPOINT="node /airbyte/integration_code/dist/cli/main.js"
ENTRYPOINT ["node", "/airbyte/integration_code/dist/cli/main.js"]
LABEL io.airbyte.name="ghcr.io/source-coding/source-coding"
LABEL io.airbyte.version="0.1.0"
USER airbyte
