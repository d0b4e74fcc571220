// Node tests run on tfjs's pure-JS cpu backend, with the replacement Conv2DBackpropFilter.
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../../src/core/backends/select';

tf.env().set('PROD', true); // silences tfjs's 'install tfjs-node' banner, nothing else
await useBackend('cpu');
