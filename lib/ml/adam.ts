import { tf } from "./backend";

export type Adam = {
  /** One update of every variable by its gradient (same order as the variables), at `stepLr`. */
  apply(grads: tf.Tensor[], stepLr?: number): void;
  dispose(): void;
};

/** Adam on a list of variables, as plain tensor ops (one fused update, no tf.train machinery). */
export function createAdam(
  vars: tf.Variable[],
  lr: number,
  { beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 0 } = {},
): Adam {
  const m = vars.map((v) => tf.tidy(() => tf.variable(tf.zerosLike(v))));
  const s = vars.map((v) => tf.tidy(() => tf.variable(tf.zerosLike(v))));
  let t = 0;
  return {
    apply(grads: tf.Tensor[], stepLr = lr) {
      t++;
      const c1 = 1 - Math.pow(beta1, t);
      const c2 = 1 - Math.pow(beta2, t);
      tf.tidy(() => {
        vars.forEach((v, i) => {
          const g = grads[i]!;
          m[i]!.assign(m[i]!.mul(beta1).add(g.mul(1 - beta1)));
          s[i]!.assign(s[i]!.mul(beta2).add(g.square().mul(1 - beta2)));
          const update = m[i]!.div(c1).div(s[i]!.div(c2).sqrt().add(eps));
          v.assign(v.sub((weightDecay > 0 ? update.add(v.mul(weightDecay)) : update).mul(stepLr)));
        });
      });
    },
    dispose() {
      for (const x of [...m, ...s]) x.dispose();
    },
  };
}
