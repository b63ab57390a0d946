export { checkDocker, createDockerClient } from "./docker-client.ts";
