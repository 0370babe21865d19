"""Reads an .eml as a mail client would (Python's email package) and summarises it as JSON:
decoded headers, the MIME tree, both text parts, and every image saved to a PNG file.

    mail_inspect.py MESSAGE.eml OUT_PREFIX   -> prints the JSON; images go to OUT_PREFIX-<n>.png
"""
import email
import email.policy
import json
import sys


def tree(part):
    if part.is_multipart():
        return part.get_content_type() + "[" + ",".join(tree(p) for p in part.iter_parts()) + "]"
    return part.get_content_type()


def inspect(raw, prefix):
    message = email.message_from_bytes(raw, policy=email.policy.default)
    summary = {
        "subject": str(message["Subject"] or ""),
        "from": str(message["From"] or ""),
        "to": str(message["To"] or ""),
        "reply_to": str(message["Reply-To"] or ""),
        "message_id": str(message["Message-ID"] or ""),
        "registration": str(message["X-Racesync-Registration"] or ""),
        "tree": tree(message),
        "text": "",
        "html": "",
        "images": [],
        "defects": [str(d) for p in message.walk() for d in p.defects],
    }
    for name in ("Subject", "To", "From"):
        for key, value in message.raw_items():
            if key.lower() == name.lower():
                summary["raw_" + name.lower()] = value
    plain = message.get_body(("plain",))
    html = message.get_body(("html",))
    summary["text"] = plain.get_content() if plain is not None else ""
    summary["html"] = html.get_content() if html is not None else ""
    for index, part in enumerate(p for p in message.walk() if p.get_content_maintype() == "image"):
        path = "%s-%d.png" % (prefix, index)
        with open(path, "wb") as out:
            out.write(part.get_content())
        summary["images"].append({
            "content_id": str(part["Content-ID"] or ""),
            "disposition": part.get_content_disposition() or "",
            "filename": part.get_filename() or "",
            "path": path,
        })
    return summary


if __name__ == "__main__":
    with open(sys.argv[1], "rb") as f:
        print(json.dumps(inspect(f.read(), sys.argv[2]), ensure_ascii=False))
