"""Runs a command on a pseudo-terminal and presses Enter at each `Continue? [Y/n]` it prints.

toot pages its timeline only on a terminal, one page per prompt; answering the prompt when it
has appeared (not on a timer) makes the paging deterministic. Output goes to stdout; the exit
status is the command's.
"""
import os
import pty
import sys

PROMPT = b"Continue? [Y/n] "

pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])

seen = b""
while True:
    try:
        chunk = os.read(fd, 4096)
    except OSError:  # EIO: the command has ended and closed the terminal
        break
    if not chunk:
        break
    sys.stdout.buffer.write(chunk)
    sys.stdout.flush()
    seen = (seen + chunk)[-len(PROMPT) :]
    if seen == PROMPT:
        os.write(fd, b"\n")
        seen = b""

_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
