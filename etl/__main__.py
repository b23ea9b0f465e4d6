import sys

from etl.pipeline import main

sys.exit(main())
