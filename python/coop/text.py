"""Text for messages: the twin of common/text.cpp's excerpt()."""


def excerpt(text, max_chars=80):
    """At most `max_chars` characters of `text`, then "..." if some were cut,
    with control characters escaped: a scenario may hold a name of a megabyte
    or an escape sequence that clears the screen, and a message about it
    stays one short, readable line."""
    out = []
    for i, c in enumerate(text):
        if i == max_chars:
            out.append("...")
            break
        code = ord(c)
        if c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\x{code:02x}")
        elif 0x80 <= code <= 0x9F:  # the C1 controls: some terminals obey them
            out.append(f"\\u{code:04x}")
        else:
            out.append(c)
    return "".join(out)
