# syntax=docker/dockerfile:1
FROM node:20-bookworm-slim AS build
# better-sqlite3 is compiled from source against the image's Node headers.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
ENV npm_config_nodedir=/usr/local npm_config_build_from_source=true
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production HTTP_HOST=0.0.0.0 HTTP_PORT=8080 DATA_DIR=/home/node/data
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/build/dist ./build/dist
COPY wsdl ./wsdl
COPY bin ./bin
USER node
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:8080/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "bin/dbp-hub.js"]
CMD ["start"]
