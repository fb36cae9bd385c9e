"""Trains Spark MLlib's implicit-feedback ALS on an export of `npm run export-interactions`.

    spark-submit scripts/spark/train_als.py EXPORT_DIR [--out MODEL_DIR] [--rank N] [--max-iter N]
        [--reg-param X] [--alpha X] [--blocks N] [--checkpoint-dir DIR]

EXPORT_DIR may be a local path or any URI Spark reads (hdfs://, s3a://). The ALS parameters come from
EXPORT_DIR/shop-export.json (the settings the service would train with), unless given here. The
model is saved with ALSModel.save into MODEL_DIR (default EXPORT_DIR/spark-model), which
`npm run import-factors -- --spark-model MODEL_DIR` reads back.
"""

import argparse
import json

from pyspark.ml.recommendation import ALS
from pyspark.sql import SparkSession


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("export", help="the directory export-interactions wrote")
    parser.add_argument("--out", help="where to save the model (default EXPORT/spark-model)")
    parser.add_argument("--rank", type=int)
    parser.add_argument("--max-iter", type=int)
    parser.add_argument("--reg-param", type=float)
    parser.add_argument("--alpha", type=float)
    parser.add_argument("--blocks", type=int, help="user and item blocks (default: Spark's, 10)")
    parser.add_argument("--checkpoint-dir", help="checkpoint every 10 iterations here (long runs: keeps the lineage short)")
    args = parser.parse_args()

    export = args.export.rstrip("/")
    spark = SparkSession.builder.appName("shop-recommender ALS").getOrCreate()
    manifest = json.loads(spark.sparkContext.wholeTextFiles(export + "/shop-export.json").first()[1])
    params = manifest["spark"]
    if args.checkpoint_dir:
        spark.sparkContext.setCheckpointDir(args.checkpoint_dir)

    ratings = spark.read.parquet(export + "/interactions")
    als = ALS(
        rank=args.rank or params["rank"],
        maxIter=args.max_iter or params["maxIter"],
        regParam=args.reg_param if args.reg_param is not None else params["regParam"],
        alpha=args.alpha if args.alpha is not None else params["alpha"],
        implicitPrefs=True,
        nonnegative=False,
        seed=params["seed"],
        userCol="user",
        itemCol="item",
        ratingCol="rating",
        coldStartStrategy="drop",
        checkpointInterval=10 if args.checkpoint_dir else -1,
    )
    if args.blocks:
        als = als.setNumUserBlocks(args.blocks).setNumItemBlocks(args.blocks)
    model = als.fit(ratings)
    out = args.out or export + "/spark-model"
    model.write().overwrite().save(out)
    print(
        f"saved an ALS model of rank {model.rank} for {model.userFactors.count()} customers and "
        f"{model.itemFactors.count()} products to {out}; next: npm run import-factors -- --spark-model {out}"
    )
    spark.stop()


if __name__ == "__main__":
    main()
