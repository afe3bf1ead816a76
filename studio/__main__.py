"""`python -m studio` and the PyInstaller entry point: the `studio` command line."""
from studio.cli import entry

if __name__ == "__main__":
    entry()
