"""Loads a served WSDL with zeep and prints {service: {port: [operations]}} as JSON.

Usage: python3 zeep_load.py <wsdl url>

zeep runs in strict mode; every Python warning raised while loading, and every record
that zeep logs at WARNING or above, is an error (exit code 1, details on stderr).
"""
import json
import logging
import sys
import warnings

# Imported before warnings become errors: importing zeep itself warns that cgi is deprecated.
import zeep


class Collector(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(record)


def main(url):
    warnings.simplefilter("error")
    collector = Collector()
    zeep_logger = logging.getLogger("zeep")
    zeep_logger.setLevel(logging.WARNING)
    zeep_logger.addHandler(collector)

    client = zeep.Client(url, settings=zeep.Settings(strict=True))

    if collector.records:
        for record in collector.records:
            print(f"{record.levelname} {record.name}: {record.getMessage()}", file=sys.stderr)
        return 1
    services = {
        service.name: {port.name: list(port.binding.all()) for port in service.ports.values()}
        for service in client.wsdl.services.values()
    }
    print(json.dumps(services))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
