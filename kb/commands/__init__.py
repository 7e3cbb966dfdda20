"""The commands of generator.py (cli.py parses the arguments): check, build, serve, validate,
evaluate. Each runs the pipeline's stages from the packages below it; nothing imports commands."""
