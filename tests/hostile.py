"""Hostile strings from feeds and pages, fed to every place that shows outside text."""

ESC = "\x1b"

HOSTILE_TITLES = [
    "[bold red]Markup[/bold red] in a title [/] and [@click=app.quit]click[/]",
    "ANSI \x1b[31mred\x1b[0m and cursor \x1b[2J\x1b[H clear",
    "OSC 8 \x1b]8;;https://evil.example/\x07link\x1b]8;;\x07 and OSC 52 \x1b]52;c;ZXZpbA==\x07",
    "DCS \x1bP1;2|payload\x1b\\ and C1 \x9b31m and bell \x07 and NUL \x00",
    "Bidi \u202eevil\u202c override and zero\u200bwidth\u2066isolate\u2069",
    "A very long word " + "x" * 400,
    "Back\\slash at the end \\",
    "[link=https://evil.example]not a link[/link] $variable ${x} %s {0}",
]

HOSTILE_BODY = "\n\n".join(
    [
        "The council met on Monday [b]not bold[/b] \x1b[5mblink\x1b[0m.",
        "It will vote on the budget next week, officials said \x1b]52;c;aGk=\x07.",
        "Residents \u202ereversed\u202c said the plan was " + "y" * 300 + ".",
        "Officials said the plan would cost $2 million [/] in total.",
    ]
)

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij"
ZWJ_WORD = "\u200d".join(LETTERS)
"""62 letters joined by ZWJ (kept between letters): Rich counts the whole chain as one cell
while a terminal gives each letter its own, so drawn as stored most of it is lost."""

CONTROL_CHARS = {chr(c) for c in range(0x20) if chr(c) not in "\n"} | {chr(0x7F)} | {
    chr(c) for c in range(0x80, 0xA0)} | {"\u202e", "\u202c", "\u200b", "\u2066", "\u2069"}


def has_controls(text: str) -> bool:
    return any(ch in CONTROL_CHARS for ch in text)
