import { describe, expect, it } from "vitest";
import { buildJob, compileErrors, compileOk, DOCKER, jobsOf } from "../../test/helpers.ts";
import { inMemoryOrbResolver } from "../orbs/chain.ts";
import { compileConfigAsync } from "./compile-async.ts";
import { compileConfig } from "./compile-config.ts";

describe("jobs, executors and steps", () => {
  it("normalizes a docker job with defaults filled in", () => {
    const { plan } = compileOk(`
version: 2.1
jobs:
  build:
    docker:
      - image: cimg/node:20.1
        environment: {A: 1}
      - image: postgres:16
        name: db
        auth: {username: u, password: p}
    environment: {B: true}
    steps:
      - checkout
      - run: npm test
      - run:
          name: Slow
          command: make
          no_output_timeout: 1.25h
          when: always
          background: true
      - save_cache: {key: 'v1-{{ checksum "package-lock.json" }}', paths: [node_modules]}
      - restore_cache: {keys: [v1-a, v1-]}
      - store_test_results: {path: reports}
workflows:
  main:
    jobs: [build]
`);
    const job = buildJob(plan, "build");
    expect(job.executor).toEqual({
      kind: "docker",
      resourceClass: "medium",
      images: [
        { image: "cimg/node:20.1", environment: { A: "1" } },
        {
          image: "postgres:16",
          name: "db",
          environment: {},
          auth: { username: "u", password: "p" },
        },
      ],
    });
    expect(job).toMatchObject({
      workingDirectory: "~/project",
      shell: "/bin/bash -eo pipefail",
      parallelism: 1,
      environment: { B: "true" },
    });
    expect(job.steps.map((s) => s.kind)).toEqual([
      "checkout",
      "run",
      "run",
      "save_cache",
      "restore_cache",
      "store_test_results",
    ]);
    expect(job.steps[1]).toMatchObject({
      name: "npm test",
      command: "npm test",
      when: "on_success",
      noOutputTimeoutMs: 600_000,
      background: false,
    });
    expect(job.steps[2]).toMatchObject({
      name: "Slow",
      noOutputTimeoutMs: 4_500_000,
      when: "always",
      background: true,
    });
    expect(job.steps[4]).toMatchObject({ keys: ["v1-a", "v1-"] });
    expect(job.steps[5]).toMatchObject({ when: "always", path: "reports" });
  });

  it("inlines a parameterized executor; the job's settings win over it", () => {
    const { plan } = compileOk(`
version: 2.1
executors:
  node:
    parameters:
      tag: {type: string, default: "20"}
    docker: [{image: "cimg/node:<< parameters.tag >>"}]
    resource_class: large
    working_directory: /app
    shell: /bin/sh
    environment: {FROM: executor, KEEP: yes}
jobs:
  test:
    executor: {name: node, tag: "18"}
    resource_class: small
    environment: {FROM: job}
    steps: [checkout]
workflows:
  w: {jobs: [test]}
`);
    const job = buildJob(plan, "test");
    expect(job.executor.images[0]!.image).toBe("cimg/node:18");
    expect(job).toMatchObject({
      workingDirectory: "/app",
      shell: "/bin/sh",
      environment: { FROM: "job", KEEP: "true" },
    });
    expect(job.executor.resourceClass).toBe("small");
  });

  it("inlines commands with parameters, defaults, steps parameters and when/unless steps", () => {
    const { plan } = compileOk(`
version: 2.1
commands:
  greet:
    parameters:
      to: {type: string, default: world}
      loud: {type: boolean, default: false}
      after: {type: steps, default: []}
    steps:
      - run: echo hello << parameters.to >><<# parameters.loud >>!<</ parameters.loud >>
      - when:
          condition: << parameters.loud >>
          steps: [{run: echo LOUD}]
      - unless:
          condition: << parameters.loud >>
          steps: [{run: echo quiet}]
      - << parameters.after >>
jobs:
  build:
    ${DOCKER}
    steps:
      - greet
      - greet: {to: you, loud: true, after: [{run: echo after}, checkout]}
workflows:
  w: {jobs: [build]}
`);
    const commands = buildJob(plan, "build").steps.map((s) =>
      s.kind === "run" ? s.command : s.kind,
    );
    expect(commands).toEqual([
      "echo hello world",
      "echo quiet",
      "echo hello you!",
      "echo LOUD",
      "echo after",
      "checkout",
    ]);
  });

  it("accepts steps given as an alias, environment as a string, and `- steps:` splices", () => {
    const { plan } = compileOk(`
version: 2.1
shared: &shared
  - checkout
  - run: make
one-step: &one-step
  - run: make
jobs:
  build:
    ${DOCKER}
    environment: TOXENV=py3
    parameters:
      extra: {type: steps, default: [{run: extra}]}
    steps:
      - steps: << parameters.extra >>
      - <<: *one-step
  other:
    ${DOCKER}
    steps: *shared
workflows:
  w: {jobs: [build, other]}
`);
    expect(buildJob(plan, "build").environment).toEqual({ TOXENV: "py3" });
    expect(buildJob(plan, "build").steps.map((s) => s.kind === "run" && s.command)).toEqual([
      "extra",
      "make",
    ]);
    expect(buildJob(plan, "other").steps.map((s) => s.kind)).toEqual(["checkout", "run"]);
  });

  it("runs the build job when there are no workflows", () => {
    const { plan } = compileOk(
      `version: 2\njobs:\n  build:\n    ${DOCKER}\n    steps: [checkout]\n`,
    );
    expect(plan.workflows).toMatchObject([{ name: "workflow", jobs: [{ name: "build" }] }]);
  });

  it("keeps 2.0 configs literal (no << >> processing)", () => {
    const { plan } = compileOk(
      `version: 2\njobs:\n  build:\n    ${DOCKER}\n    steps: [{run: "cat <<EOF\\n<< parameters.x >>\\nEOF"}]\n`,
    );
    expect(buildJob(plan, "build").steps[0]).toMatchObject({
      command: "cat <<EOF\n<< parameters.x >>\nEOF",
    });
  });

  it("prepends pre-steps and appends post-steps", () => {
    const { plan } = compileOk(`
version: 2.1
commands:
  hello: {steps: [{run: hello}]}
jobs:
  build: {${DOCKER}, steps: [{run: main}]}
workflows:
  w:
    jobs:
      - build:
          pre-steps: [hello]
          post-steps: [{run: after}]
`);
    expect(buildJob(plan, "build").steps.map((s) => (s.kind === "run" ? s.command : ""))).toEqual([
      "hello",
      "main",
      "after",
    ]);
  });
});

describe("parameters", () => {
  const config = (entry: string) => `
version: 2.1
jobs:
  build:
    parameters:
      version: {type: string}
      count: {type: integer, default: 2}
      mode: {type: enum, enum: [fast, slow], default: fast}
      secret: {type: env_var_name, default: TOKEN}
    ${DOCKER}
    parallelism: << parameters.count >>
    steps: [{run: "echo << parameters.version >> << parameters.mode >> $<< parameters.secret >>"}]
workflows:
  w:
    jobs:
      - ${entry}
`;

  it("fills defaults and substitutes typed values", () => {
    const job = buildJob(compileOk(config("build: {version: '1.0'}")).plan, "build");
    expect(job.parallelism).toBe(2);
    expect(job.steps[0]).toMatchObject({ command: "echo 1.0 fast $TOKEN" });
  });

  it("reports a missing required parameter, an unknown one, and wrong types — all at once", () => {
    const messages = compileErrors(
      config("build: {count: two, mode: medium, secret: 'no way', verison: 1}"),
    ).map((e) => e.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        "job 'build' needs parameter 'version' (string), which has no default",
        "unknown parameter 'verison' for job 'build' — did you mean 'version'?",
        "parameter 'count' of job 'build': expected an integer, got a string",
        'parameter \'mode\' of job \'build\': "medium" is not one of "fast", "slow"',
        expect.stringMatching(
          /parameter 'secret' of job 'build': expected an environment variable name/,
        ),
      ]),
    );
  });

  it("checks parameter definitions", () => {
    const messages = compileErrors(`
version: 2.1
jobs:
  build:
    parameters:
      a: {type: strin}
      b: {type: enum, enum: [x], default: y}
      name: {type: string}
    ${DOCKER}
    steps: [checkout]
`).map((e) => e.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/parameter 'a' has type "strin"; expected one of string, boolean/),
        'default of parameter \'b\': "y" is not one of "x"',
        "'name' is reserved in workflows and cannot be a job parameter",
      ]),
    );
  });

  it("takes pipeline parameters from the caller, typed from text", () => {
    const source = `
version: 2.1
parameters:
  run-it: {type: boolean, default: false}
  image: {type: string, default: "cimg/base:stable"}
jobs:
  build: {docker: [{image: << pipeline.parameters.image >>}], steps: [{run: "echo << pipeline.git.branch >>"}]}
workflows:
  w:
    when: << pipeline.parameters.run-it >>
    jobs: [build]
`;
    expect(compileOk(source).plan.workflows).toEqual([]);
    const { plan } = compileOk(source, {
      parameters: { "run-it": "true", image: "alpine" },
      branch: "dev",
    });
    expect(buildJob(plan, "build").executor.images[0]!.image).toBe("alpine");
    expect(buildJob(plan, "build").steps[0]).toMatchObject({ command: "echo dev" });
    expect(compileErrors(source, { parameters: { runit: true } })[0]!.message).toBe(
      "unknown pipeline parameter 'runit' — did you mean 'run-it'?; the config does not declare it",
    );
  });
});

describe("workflows", () => {
  it("expands a matrix with CircleCI's names (values ordered by parameter name), exclude and alias", () => {
    const { plan } = compileOk(`
version: 2.1
jobs:
  build:
    parameters: {version: {type: string}, platform: {type: string}}
    ${DOCKER}
    steps: [{run: "echo << parameters.platform >> << parameters.version >>"}]
  deploy: {${DOCKER}, steps: [checkout]}
workflows:
  w:
    jobs:
      - build:
          matrix:
            parameters:
              version: ["0.1", "0.2"]
              platform: [macos, linux]
            exclude:
              - {version: "0.2", platform: macos}
      - deploy:
          requires: [build]
`);
    const jobs = jobsOf(plan);
    expect(jobs.map((j) => j.name)).toEqual([
      "build-macos-0.1",
      "build-linux-0.1",
      "build-linux-0.2",
      "deploy",
    ]);
    expect(jobs[3]!.requires.map((r) => r.job)).toEqual([
      "build-macos-0.1",
      "build-linux-0.1",
      "build-linux-0.2",
    ]);
    expect(buildJob(plan, "build-linux-0.2").steps[0]).toMatchObject({ command: "echo linux 0.2" });
  });

  it("uses name templates with << matrix.x >> and a custom alias", () => {
    const { plan } = compileOk(`
version: 2.1
jobs:
  test: {parameters: {v: {type: integer}}, ${DOCKER}, steps: [checkout]}
  report: {${DOCKER}, steps: [checkout]}
workflows:
  w:
    jobs:
      - test:
          name: test-py<< matrix.v >>
          matrix: {alias: all-tests, parameters: {v: [1, 2]}}
      - report: {requires: [all-tests, test-py2]}
`);
    expect(jobsOf(plan).map((j) => j.name)).toEqual(["test-py1", "test-py2", "report"]);
    expect(jobsOf(plan)[2]!.requires.map((r) => r.job)).toEqual(["test-py1", "test-py2"]);
  });

  it("reads requires with statuses, approval jobs, contexts and serial groups", () => {
    const { plan } = compileOk(`
version: 2.1
jobs:
  a: {${DOCKER}, steps: [checkout]}
  b: {${DOCKER}, steps: [checkout]}
  noop: {type: no-op}
workflows:
  w:
    jobs:
      - a
      - hold: {type: approval, requires: [a]}
      - b:
          requires: [{a: [success, failed]}, hold]
          context: [org-global, deploy]
          serial-group: deploys
      - noop: {requires: [{b: terminal}]}
`);
    const [a, hold, b, noop] = jobsOf(plan);
    expect(a).toMatchObject({ name: "a", type: "build", requires: [] });
    expect(hold).toMatchObject({
      name: "hold",
      type: "approval",
      requires: [{ job: "a", statuses: ["success"] }],
    });
    expect(b).toMatchObject({
      requires: [
        { job: "a", statuses: ["success", "failed"] },
        { job: "hold", statuses: ["success"] },
      ],
      context: ["org-global", "deploy"],
      serialGroup: "deploys",
    });
    expect(noop).toMatchObject({ type: "no-op", requires: [{ job: "b", statuses: ["terminal"] }] });
  });

  it("drops filtered jobs, and jobs whose requirements are all filtered", () => {
    const source = `
version: 2.1
jobs:
  test: {${DOCKER}, steps: [checkout]}
  lint: {${DOCKER}, steps: [checkout]}
  deploy: {${DOCKER}, steps: [checkout]}
  publish: {${DOCKER}, steps: [checkout]}
workflows:
  w:
    jobs:
      - test: {filters: {tags: {only: /.*/}}}
      - lint
      - deploy:
          requires: [test, lint]
          filters: {branches: {only: main}, tags: {only: /^v.*/}}
      - publish:
          requires: [test]
          filters: {branches: {ignore: /.*/}, tags: {only: /^v.*/}}
`;
    const names = (options: { branch?: string; tag?: string }) =>
      jobsOf(compileOk(source, options).plan).map((j) => j.name);
    expect(names({ branch: "main" })).toEqual(["test", "lint", "deploy"]);
    expect(names({ branch: "dev" })).toEqual(["test", "lint"]);
    // Tags: lint has no tag filter, so it drops out of deploy's requires; publish needs test only.
    expect(names({ tag: "v1.0" })).toEqual(["test", "deploy", "publish"]);
    const tagPlan = compileOk(source, { tag: "v1.0" }).plan;
    expect(jobsOf(tagPlan)[1]!.requires).toEqual([{ job: "test", statuses: ["success"] }]);
    expect(names({ tag: "nightly" })).toEqual(["test"]);
  });

  it("a tag filter downstream is not enough: every upstream job needs one", () => {
    const { plan } = compileOk(
      `
version: 2.1
jobs:
  build: {${DOCKER}, steps: [checkout]}
  release: {${DOCKER}, steps: [checkout]}
workflows:
  w:
    jobs:
      - build
      - release: {requires: [build], filters: {tags: {only: /.*/}}}
`,
      { tag: "v1" },
    );
    expect(plan.workflows).toEqual([]);
  });

  it("evaluates expression filters", () => {
    const source = `
version: 2.1
jobs:
  build: {${DOCKER}, steps: [checkout]}
workflows:
  w:
    jobs:
      - build: {name: on-main, filters: pipeline.git.branch == "main"}
      - build: {name: elsewhere, filters: pipeline.git.branch != "main"}
`;
    expect(jobsOf(compileOk(source).plan).map((j) => j.name)).toEqual(["on-main"]);
    expect(jobsOf(compileOk(source, { branch: "x" }).plan).map((j) => j.name)).toEqual([
      "elsewhere",
    ]);
  });

  it("keeps scheduled workflows out of pushes and lists their schedules", () => {
    const source = `
version: 2.1
jobs:
  build: {${DOCKER}, steps: [checkout]}
workflows:
  push: {jobs: [build]}
  nightly:
    triggers: [{schedule: {cron: "0 0 * * *", filters: {branches: {only: [main]}}}}]
    jobs: [build]
`;
    const { plan } = compileOk(source);
    expect(plan.workflows.map((w) => w.name)).toEqual(["push"]);
    expect(plan.schedules).toEqual([
      { workflow: "nightly", cron: "0 0 * * *", branches: { only: ["main"] } },
    ]);
    expect(
      compileOk(source, { trigger: { kind: "schedule", workflow: "nightly" } }).plan.workflows.map(
        (w) => w.name,
      ),
    ).toEqual(["nightly"]);
  });

  it("decides workflow when/unless with logic statements", () => {
    const source = `
version: 2.1
jobs:
  build: {${DOCKER}, steps: [checkout]}
workflows:
  release:
    when: {matches: {pattern: "^release/.+$", value: << pipeline.git.branch >>}}
    jobs: [build]
  other:
    unless: {or: [{equal: [main, << pipeline.git.branch >>]}, false]}
    jobs: [build]
`;
    expect(compileOk(source, { branch: "release/2" }).plan.workflows.map((w) => w.name)).toEqual([
      "release",
      "other",
    ]);
    expect(compileOk(source, { branch: "main" }).plan.workflows.map((w) => w.name)).toEqual([]);
  });

  it("accepts `requires:` left empty and a mis-indented job entry", () => {
    const { plan } = compileOk(
      `
version: 2.1
jobs:
  build: {${DOCKER}, steps: [checkout]}
  test: {${DOCKER}, steps: [checkout]}
workflows:
  w:
    jobs:
      - build:
        filters:
          branches: {only: main}
      - test:
          requires:
`,
      { branch: "dev" },
    );
    expect(jobsOf(plan).map((j) => j.name)).toEqual(["test"]);
  });

  it("rejects unknown jobs, unknown requirements, duplicates and cycles", () => {
    const errors = compileErrors(`
version: 2.1
jobs:
  build: {${DOCKER}, steps: [checkout]}
  test: {${DOCKER}, steps: [checkout]}
workflows:
  w:
    jobs:
      - biuld
      - build
      - test: {requires: [build]}
      - build: {name: test, requires: [tset]}
  cyclic:
    jobs:
      - build: {requires: [test]}
      - test: {requires: [build]}
`);
    const messages = errors.map((e) => e.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        "unknown job 'biuld' — did you mean 'build'?",
        expect.stringMatching(/^duplicate job name 'test' in workflow 'w' \(first at line 11\)/),
        expect.stringMatching(
          /requires 'tset', which is not a job in workflow 'w' — did you mean 'test'\?/,
        ),
        expect.stringMatching(
          /'requires' forms a cycle in workflow 'cyclic': (build → test → build|test → build → test)/,
        ),
      ]),
    );
    const unknown = errors.find((e) => e.message.startsWith("unknown job"))!;
    expect(unknown).toMatchObject({ line: 9, column: 9, path: "workflows.w.jobs[0]" });
  });
});

describe("errors", () => {
  it("locate each problem with file, line, column and path, suggesting fixes", () => {
    const errors = compileErrors(
      `version: 2.1
jobs:
  build:
    ${DOCKER}
    steps:
      - checkout
      - run:
          comand: make
      - save_cache: {key: x}
      - chekout
    paralelism: 2
workflows:
  w: {jobs: [build]}
`,
      { filename: ".circleci/config.yml" },
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        {
          file: ".circleci/config.yml",
          line: 8,
          column: 11,
          path: "jobs.build.steps[1].run.comand",
          message: "unknown key 'comand' in 'run' — did you mean 'command'?",
        },
        expect.objectContaining({
          line: 8,
          path: "jobs.build.steps[1].run",
          message: "'run' needs 'command'",
        }),
        expect.objectContaining({ line: 9, message: "'save_cache' needs 'paths'" }),
        expect.objectContaining({
          line: 10,
          message: "unknown step or command 'chekout' — did you mean 'checkout'?",
        }),
        expect.objectContaining({
          line: 11,
          path: "jobs.build.paralelism",
          message: "unknown key 'paralelism' in job 'build' — did you mean 'parallelism'?",
        }),
      ]),
    );
  });

  it("reports bad versions, empty files and wrong types cleanly", () => {
    expect(compileErrors("")[0]!.message).toMatch(/the config is empty/);
    expect(compileErrors("- a\n")[0]!.message).toMatch(/must be a map of sections/);
    expect(compileErrors("version: 3\n")[0]!.message).toMatch(/unsupported version 3/);
    expect(compileErrors("jobs: {}\n")[0]!.message).toBe("the config needs 'version: 2.1'");
    const messages = (source: string) => compileErrors(source).map((e) => e.message);
    expect(messages("version: 2.1\njobs: [a]\n")).toContain("'jobs' must be a map, not a list");
    expect(messages("version: 2\norbs: {}\njobs: {}\n")).toContain(
      "'orbs' needs 'version: 2.1' (this config says 2.0)",
    );
  });

  it("refuses machine and macos executors with a clear reason, naming the jobs", () => {
    const errors = compileErrors(`
version: 2.1
executors:
  vm: {machine: {image: ubuntu-2204:current}}
jobs:
  a: {executor: vm, steps: [checkout]}
  b: {executor: vm, steps: [checkout]}
  mac: {macos: {xcode: "15.0"}, steps: [checkout]}
workflows:
  w: {jobs: [a, b, mac]}
`);
    expect(errors.map((e) => e.message)).toEqual([
      "jobs 'a', 'b' use the machine executor; Cairn runs only the docker executor (give the job a 'docker:' image, or filter it out for Cairn)",
      "job 'mac' uses the macos executor; Cairn runs only the docker executor (give the job a 'docker:' image, or filter it out for Cairn)",
    ]);
  });

  it("catches commands that call themselves", () => {
    const errors = compileErrors(`
version: 2.1
commands:
  loop: {steps: [loop]}
jobs:
  build: {${DOCKER}, steps: [loop]}
workflows:
  w: {jobs: [build]}
`);
    expect(errors[0]!.message).toMatch(/commands nested more than 32 deep/);
  });
});

describe("orbs", () => {
  const orbSource = `
version: 2.1
orbs:
  helper: {commands: {say: {parameters: {what: {type: string}}, steps: [{run: "echo << parameters.what >>"}]}}}
executors:
  default:
    parameters: {tag: {type: string, default: "20"}}
    docker: [{image: "cimg/node:<< parameters.tag >>"}]
commands:
  install:
    parameters: {version: {type: string, default: lts}}
    steps:
      - helper/say: {what: "install << parameters.version >>"}
jobs:
  test:
    parameters: {setup: {type: steps, default: []}}
    executor: default
    steps:
      - << parameters.setup >>
      - install
`;

  it("inlines inline orbs, nested orbs, orb jobs, and steps passed from the config", () => {
    const { plan, processed } = compileOk(`
version: 2.1
orbs:
  tool: ${JSON.stringify(orbSourceAsInline())}
commands:
  mine: {steps: [{run: mine}]}
jobs:
  build:
    executor: {name: tool/default, tag: "18"}
    steps: [tool/install]
workflows:
  w:
    jobs:
      - build
      - tool/test: {setup: [mine]}
`);
    expect(buildJob(plan, "build").steps.map((s) => (s.kind === "run" ? s.command : ""))).toEqual([
      "echo install lts",
    ]);
    expect(buildJob(plan, "build").executor.images[0]!.image).toBe("cimg/node:18");
    expect(buildJob(plan, "tool/test")).toMatchObject({ jobName: "tool/test" });
    expect(
      buildJob(plan, "tool/test").steps.map((s) => (s.kind === "run" ? s.command : "")),
    ).toEqual(["mine", "echo install lts"]);
    expect(processed).toContain("tool/test:");
    expect(plan.orbs).toEqual({ tool: "inline", "tool/helper": "inline" });
  });

  function orbSourceAsInline() {
    return {
      orbs: {
        helper: {
          commands: {
            say: {
              parameters: { what: { type: "string" } },
              steps: [{ run: "echo << parameters.what >>" }],
            },
          },
        },
      },
      executors: {
        default: {
          parameters: { tag: { type: "string", default: "20" } },
          docker: [{ image: "cimg/node:<< parameters.tag >>" }],
        },
      },
      commands: {
        install: {
          parameters: { version: { type: "string", default: "lts" } },
          steps: [{ "helper/say": { what: "install << parameters.version >>" } }],
        },
      },
      jobs: {
        test: {
          parameters: { setup: { type: "steps", default: [] } },
          executor: "default",
          steps: ["<< parameters.setup >>", "install"],
        },
      },
    };
  }

  it("resolves registry orbs, with versions from pipeline parameters", () => {
    const resolver = inMemoryOrbResolver({ "acme/tool@1.2.3": orbSource });
    const source = `
version: 2.1
parameters:
  v: {type: string, default: "1.2.3"}
orbs:
  tool: acme/tool@<< pipeline.parameters.v >>
workflows:
  w: {jobs: [tool/test]}
`;
    const { plan, processed } = compileOk(source, { orbResolver: resolver });
    expect(plan.orbs.tool).toBe("acme/tool@1.2.3");
    expect(processed).toContain("# Orb 'tool' resolved to 'acme/tool@1.2.3'\n");
    const errors = compileErrors(source, { orbResolver: resolver, parameters: { v: "2" } });
    expect(errors).toEqual([
      expect.objectContaining({
        line: 6,
        path: "orbs.tool",
        message: expect.stringMatching(
          /^orb 'acme\/tool@2' \(imported as 'tool'\) is not available\. Looked in: orbs given to the compiler\. Provide it by saving its source as \.circleci\/orbs\/acme\/tool@2\.yml in the repository, by placing it in the server's orb cache directory, or by asking the administrator to enable CircleCI's public orb registry$/,
        ),
      }),
    ]);
  });

  it("reports errors inside an orb at the orb file's positions", () => {
    const resolver = inMemoryOrbResolver({
      "acme/bad@1.0.0": "version: 2.1\ncommands:\n  x:\n    steps:\n      - run: {comand: hi}\n",
    });
    const errors = compileErrors(
      "version: 2.1\norbs: {bad: acme/bad@1.0.0}\njobs: {}\nworkflows: {}\n",
      { orbResolver: resolver },
    );
    expect(errors).toContainEqual(
      expect.objectContaining({
        file: "orbs given to the compiler: acme/bad@1.0.0",
        line: 5,
        message: expect.stringMatching(/'comand'/),
      }),
    );
  });

  it("compiles with an async resolver (the registry), nested orbs included", async () => {
    const fetched: string[] = [];
    const orbs: Record<string, string> = {
      "acme/outer@1.0.0":
        "version: 2.1\norbs: {inner: acme/inner@2.0.0}\ncommands:\n  go: {steps: [inner/hi]}\n",
      "acme/inner@2.0.0": "version: 2.1\ncommands:\n  hi: {steps: [{run: hi}]}\n",
    };
    const result = await compileConfigAsync(
      `version: 2.1\norbs: {outer: acme/outer@1.0.0}\njobs:\n  build: {${DOCKER}, steps: [outer/go]}\nworkflows: {w: {jobs: [build]}}\n`,
      {
        orbResolver: {
          resolve: async (ref) => {
            const key = `${ref.namespace}/${ref.name}@${ref.version}`;
            fetched.push(key);
            return orbs[key] === undefined ? undefined : { source: orbs[key]!, file: key };
          },
          describe: () => ["test registry"],
        },
      },
    );
    expect(result.ok).toBe(true);
    expect(fetched).toEqual(["acme/outer@1.0.0", "acme/inner@2.0.0"]);
  });

  it("without a resolver, a registry orb is an error naming it", () => {
    const result = compileConfig(
      "version: 2.1\norbs: {node: circleci/node@5}\njobs: {}\nworkflows: {}\n",
    );
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors[0]!.message).toMatch(
        /^orb 'circleci\/node@5' \(imported as 'node'\) is not available/,
      );
  });
});
